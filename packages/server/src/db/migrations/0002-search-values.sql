-- 0002 Search values for the rest of R4 search (search.html):
--  * idx_string.exact: the string as written, for `:exact` (case- and accent-sensitive). A search
--    also matches the normalised `value`, so the existing (practice, type, code, value) index
--    serves it; rows written before this migration have no exact form until re-indexed.
--  * comp: on rows of composite parameters (code `param$k`, the k-th component), the number of
--    the element they came from, so a composite search joins its components on the same element
--    (e.g. Observation.component code and value). NULL on every other row.
ALTER TABLE idx_string ADD COLUMN exact text COLLATE "C";

ALTER TABLE idx_token ADD COLUMN comp smallint;
ALTER TABLE idx_string ADD COLUMN comp smallint;
ALTER TABLE idx_reference ADD COLUMN comp smallint;
ALTER TABLE idx_date ADD COLUMN comp smallint;
ALTER TABLE idx_number ADD COLUMN comp smallint;
ALTER TABLE idx_quantity ADD COLUMN comp smallint;
ALTER TABLE idx_uri ADD COLUMN comp smallint;

-- Sorting (search.html#sort) reads one resource's values of one parameter: by rid, then code.
-- Include and reverse-include follow references from a page of rows by rid (idx_reference_rid)
-- and back to them by target (idx_reference_reverse); both exist since 0001.
