-- 0005 OpenPractice's UK Core search parameters (packages/fhir/src/search/uk-core-parameters.ts):
-- Patient ethnic-category and nhs-number-verification, MedicationRequest authorisation-expiry.
-- Re-indexing can now be limited to the resource types a change affects; these two are re-indexed.
ALTER TABLE search_reindex ADD COLUMN resource_types text[];

INSERT INTO search_reindex (reason, resource_types)
VALUES ('0005: UK Core search parameters (ethnic-category, nhs-number-verification, authorisation-expiry)', ARRAY['Patient', 'MedicationRequest']);
