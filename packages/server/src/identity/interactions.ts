/**
 * The sign-in journey the OpenID provider hands the browser to (its "interactions"):
 *
 *   login    username + password → TOTP code (staff always; patients when set up) — or, for staff,
 *            the configured external provider (federation.ts) — then a sign-in session starts;
 *   consent  staff: the practice and role for the session (when there is a choice), the patient
 *            for a `launch/patient` app; patients: whose record (their own, or as a proxy);
 *            then, for a practice's app, the user's approval of what it asks for.
 *
 * Each step is a plain HTML form posting back here. Failures are re-rendered with the NHS error
 * summary; nothing the user typed is logged.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { errors as oidcErrors } from 'oidc-provider';
import { Repository } from '../repo/repository';
import { auditSignIn, unknownUserSubject } from './audit';
import { externalAccessEnabled, type RegisteredClient } from './clients';
import type { CheckResult } from './credentials';
import { IdentityError } from './errors';
import { revokeIssued, saveGrantContext } from './grants';
import { PendingSteps } from './pending';
import { esc, form, input, page, problemPage, radios, securityCodePage, signInPage, type FieldError } from './pages';
import { grantableScopes, OIDC_SCOPES } from './provider';
import type { IdentityServices } from './services';
import { SESSION_COOKIE, type SignInSession } from './sessions';
import type { StaffRole } from './staff';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** Headers for every sign-in page: no framing, no scripts, styles from here only. */
const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
};

const UID = /^[A-Za-z0-9_-]{10,64}$/;

export interface InteractionContext {
  svc: IdentityServices;
  provider: Provider;
}

function html(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.status(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(body);
}

function formValue(req: FastifyRequest, name: string): string {
  const body = req.body;
  return body instanceof URLSearchParams ? (body.get(name) ?? '') : '';
}

export function registerInteractionRoutes(app: FastifyInstance, ctx: InteractionContext): { finishLogin: FinishLogin } {
  const { svc, provider } = ctx;
  const pending = new PendingSteps(svc.db);
  const secure = svc.config.baseUrl.startsWith('https:');
  const action = (uid: string, step: string) => `${svc.issuer}/interaction/${uid}/${step}`;

  async function details(req: FastifyRequest, reply: FastifyReply): Promise<Interaction> {
    const uid = (req.params as { uid: string }).uid;
    if (!UID.test(uid)) throw new IdentityError(404, 'This sign-in link is not valid.');
    const it = await provider.interactionDetails(req.raw, reply.raw);
    if (it.uid !== uid) throw new IdentityError(400, 'This sign-in page does not belong to this browser’s sign-in.');
    return it;
  }

  async function clientOf(it: Interaction): Promise<RegisteredClient> {
    const client = await svc.clients.get(String(it.params.client_id));
    if (!client || client.revoked || client.kind !== 'app' || !client.audience) throw new IdentityError(400, 'The app asking you to sign in is not registered here.');
    return client;
  }

  /** Runs a page handler, rendering expected failures as pages (never internal detail). */
  function route(fn: (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>) {
    return async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        return await fn(req, reply);
      } catch (err) {
        if (err instanceof IdentityError) return html(reply, problemPage('Sign-in could not continue', err.message), err.status);
        if (err instanceof oidcErrors.SessionNotFound) return html(reply, problemPage('Your sign-in has expired', 'This sign-in took too long or was opened in another browser.'), 400);
        throw err;
      }
    };
  }

  async function redirectTo(reply: FastifyReply, url: string): Promise<FastifyReply> {
    return reply.status(303).header('Location', url).send();
  }

  /** Ends the interaction with an OAuth error the app receives at its redirect URI. */
  async function refuse(req: FastifyRequest, reply: FastifyReply, error: string, description: string): Promise<FastifyReply> {
    const returnTo = await provider.interactionResult(req.raw, reply.raw, { error, error_description: description }, { mergeWithLastSubmission: false });
    return redirectTo(reply, returnTo);
  }

  // ——— login ———

  const loginPage = (it: Interaction, client: RegisteredClient, errors: FieldError[] = [], username = '') =>
    signInPage({
      action: action(it.uid, 'login'),
      clientName: client.name,
      staff: client.audience === 'staff',
      errors,
      username,
      ...(client.audience === 'staff' && svc.config.identity.federation
        ? { federation: { label: svc.config.identity.federation.label, href: `${svc.issuer}/interaction/${it.uid}/federate` } }
        : {}),
    });
  const totpPage = (it: Interaction, errors: FieldError[] = []) => securityCodePage(action(it.uid, 'totp'), errors);

  function failure(result: Exclude<CheckResult, { ok: true }>, field: string, message: string): { errors: FieldError[]; status: number; retryAfter?: number } {
    if (result.reason === 'locked') {
      const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
      return { errors: [{ field, message: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` }], status: 429, retryAfter: result.retryAfterSeconds };
    }
    return { errors: [{ field, message }], status: 401 };
  }

  /** Audits the sign-in, starts the sign-in session, sets its cookie and completes the provider's login step. */
  async function finishLogin(req: FastifyRequest, reply: FastifyReply, kind: SignInSession['kind'], subjectId: string, amr: string[], clientId: string | undefined): Promise<FastifyReply> {
    await auditSignIn(svc, req, { subtype: 'login', kind, subjectId, desc: `signed in (${amr.join(', ')})`, ...(clientId ? { clientId } : {}) });
    const session = await svc.sessions.start(kind, subjectId, amr);
    const cookie = `${SESSION_COOKIE}=${svc.sessions.cookieValue(session.id)}; Path=/oauth; HttpOnly; SameSite=Lax; Max-Age=${svc.config.identity.sessionMaxHours * 3600}${secure ? '; Secure' : ''}`;
    void reply.header('Set-Cookie', cookie);
    const returnTo = await provider.interactionResult(req.raw, reply.raw, { login: { accountId: subjectId, amr, ts: Math.floor(svc.now() / 1000) } }, { mergeWithLastSubmission: false });
    return redirectTo(reply, returnTo);
  }

  app.get(
    '/oauth/interaction/:uid',
    route(async (req, reply) => {
      const it = await details(req, reply);
      const client = await clientOf(it);
      if (it.prompt.name === 'login') return html(reply, loginPage(it, client));
      return consentStep(req, reply, it, client);
    }),
  );

  app.post(
    '/oauth/interaction/:uid/login',
    route(async (req, reply) => {
      const it = await details(req, reply);
      const client = await clientOf(it);
      if (it.prompt.name !== 'login') throw new IdentityError(400, 'You have already signed in.');
      const username = formValue(req, 'username').trim();
      const password = formValue(req, 'password');
      const missing: FieldError[] = [];
      if (!username) missing.push({ field: 'username', message: 'Enter your username' });
      if (!password) missing.push({ field: 'password', message: 'Enter your password' });
      if (missing.length) return html(reply, loginPage(it, client, missing, username), 400);
      const subject = client.audience === 'staff' ? await svc.staff.findByUsername(username) : await svc.patients.findByUsername(username);
      const usable = subject && !subject.disabled ? subject.id : undefined;
      const result = await svc.credentials.checkPassword(usable, password);
      if (!result.ok) {
        const why = !subject ? 'unknown username' : subject.disabled ? 'sign-in disabled' : result.reason === 'locked' ? 'locked after repeated failures' : 'wrong password';
        const who = subject ? subject.id : svc.audit ? unknownUserSubject(svc.audit, username) : 'unknown-user';
        await auditSignIn(svc, req, { subtype: 'login-failed', kind: subject ? client.audience! : 'anonymous', subjectId: who, desc: `sign-in failed: ${why}`, clientId: client.clientId });
        const f = failure(result, 'password', 'The username or password is not right');
        if (f.retryAfter) void reply.header('Retry-After', String(f.retryAfter));
        return html(reply, loginPage(it, client, f.errors, username), f.status);
      }
      const kind = client.audience === 'staff' ? 'staff' : 'patient';
      if (kind === 'staff' || (await svc.credentials.hasTotp(usable!))) {
        await pending.put(it.uid, it.uid, 'totp', usable!, { kind });
        return html(reply, totpPage(it));
      }
      return finishLogin(req, reply, kind, usable!, ['pwd'], client.clientId);
    }),
  );

  app.post(
    '/oauth/interaction/:uid/totp',
    route(async (req, reply) => {
      const it = await details(req, reply);
      const client = await clientOf(it);
      const step = await pending.get<{ kind: SignInSession['kind'] }>(it.uid, 'totp');
      if (!step?.subjectId) return html(reply, loginPage(it, client, [{ field: 'username', message: 'Sign in again: that took too long' }]), 400);
      const code = formValue(req, 'code');
      if (!/^\s*\d{3}\s?\d{3}\s*$/.test(code)) return html(reply, totpPage(it, [{ field: 'code', message: 'Enter the 6-digit code from your authenticator app' }]), 400);
      const result = await svc.credentials.checkTotp(step.subjectId, code);
      if (!result.ok) {
        const why = result.reason === 'locked' ? 'locked after repeated failures' : 'wrong or reused security code';
        await auditSignIn(svc, req, { subtype: 'login-failed', kind: step.data.kind, subjectId: step.subjectId, desc: `sign-in failed: ${why}`, clientId: client.clientId });
        const f = failure(result, 'code', 'That code is not right, or has been used: wait for a new one');
        if (f.retryAfter) void reply.header('Retry-After', String(f.retryAfter));
        return html(reply, totpPage(it, f.errors), f.status);
      }
      await pending.delete(it.uid);
      return finishLogin(req, reply, step.data.kind, step.subjectId, ['pwd', 'otp', 'mfa'], client.clientId);
    }),
  );

  // ——— consent: practice, patient, approval ———

  interface ConsentState {
    patientId?: string;
    linkId?: number;
    approved?: boolean;
  }

  async function consentStep(req: FastifyRequest, reply: FastifyReply, it: Interaction, client: RegisteredClient, errors: FieldError[] = []): Promise<FastifyReply> {
    const session = await svc.sessions.live(svc.sessions.fromCookieHeader(req.headers.cookie));
    if (!session || session.subjectId !== it.session?.accountId || session.kind !== client.audience) {
      return refuse(req, reply, 'login_required', 'The sign-in session has ended');
    }
    await svc.sessions.touch(session.id);
    const state = (await pending.get<ConsentState>(`${it.uid}:consent`, 'consent'))?.data ?? {};
    const requested = String(it.params.scope ?? '').split(' ').filter(Boolean);
    const wantsPatient = requested.includes('launch/patient');

    let practiceId: number;
    let odsCode: string;
    let role: string;
    let patientId: string | undefined;
    let proxy = false;
    let proofing: 'P0' | 'P5' | 'P9' | undefined;
    let fhirUser: string | undefined;

    if (session.kind === 'staff') {
      const user = await svc.staff.get(session.subjectId);
      if (!user || user.disabled) return refuse(req, reply, 'access_denied', 'This user may not sign in');
      const options = user.memberships
        .filter((m) => client.firstParty || m.practiceId === client.practiceId)
        .flatMap((m) => m.roles.map((r) => ({ m, role: r as StaffRole })));
      if (options.length === 0) return refuse(req, reply, 'access_denied', client.firstParty ? 'This user works at no practice' : `You do not work at ${client.odsCode}, where this app is registered`);
      let chosen = options.find((o) => o.m.practiceId === session.practiceId && o.role === session.role);
      if (!chosen && session.practiceId !== undefined) {
        // The session already acts in another practice or role: a new session is needed to change it.
        return refuse(req, reply, 'access_denied', `This sign-in session acts at another practice; sign out and in again to use ${client.odsCode ?? 'it'}`);
      }
      if (!chosen && options.length === 1) chosen = options[0];
      if (!chosen) {
        return html(
          reply,
          page(
            'Choose where you are working',
            form(
              action(it.uid, 'practice'),
              radios({
                name: 'choice',
                legend: 'Practice and role for this session',
                options: options.map((o) => ({ value: `${o.m.practiceId}:${o.role}`, label: `${o.m.odsCode} — ${o.role}` })),
                error: errors[0]?.message,
              }),
              'Continue',
            ),
            { errors },
          ),
          errors.length ? 400 : 200,
        );
      }
      await svc.sessions.choose(session.id, chosen.m.practiceId, chosen.role);
      practiceId = chosen.m.practiceId;
      odsCode = chosen.m.odsCode;
      role = chosen.role;
      fhirUser = chosen.m.practitionerId ? `Practitioner/${chosen.m.practitionerId}` : undefined;
      if (!(await externalAccessAllowed(client, practiceId))) return refuse(req, reply, 'access_denied', `External apps are switched off at practice ${odsCode}`);
      if (wantsPatient) {
        patientId = state.patientId;
        if (!patientId) {
          return html(
            reply,
            page(
              'Choose the patient',
              `<p class="nhsuk-body">${esc(client.name)} works with one patient’s record at a time.</p>
${form(action(it.uid, 'patient'), input({ name: 'patient', label: 'Patient record id', hint: 'The id of the patient’s record at this practice', error: errors[0]?.message }), 'Continue')}`,
              { errors },
            ),
            errors.length ? 400 : 200,
          );
        }
      }
    } else {
      const login = await svc.patients.get(session.subjectId);
      if (!login || login.disabled) return refuse(req, reply, 'access_denied', 'This login may not sign in');
      const links = (await svc.patients.links({ loginId: login.id })).filter((l) => client.firstParty || l.practiceId === client.practiceId);
      if (links.length === 0) return refuse(req, reply, 'access_denied', 'Your login is not linked to a GP record here yet: ask your practice');
      const link = state.linkId !== undefined ? links.find((l) => l.id === state.linkId) : links.length === 1 ? links[0] : undefined;
      if (!link) {
        return html(
          reply,
          page(
            'Whose record do you want to see?',
            form(
              action(it.uid, 'patient'),
              radios({
                name: 'link',
                legend: 'Choose a record',
                options: links.map((l) => ({ value: String(l.id), label: l.proxy ? `Someone you act for (record ${l.patientId} at ${l.odsCode})` : `Your own record (at ${l.odsCode})` })),
                error: errors[0]?.message,
              }),
              'Continue',
            ),
            { errors },
          ),
          errors.length ? 400 : 200,
        );
      }
      practiceId = link.practiceId;
      odsCode = link.odsCode;
      if (!(await externalAccessAllowed(client, practiceId))) return refuse(req, reply, 'access_denied', `External apps are switched off at practice ${odsCode}`);
      role = 'patient';
      patientId = link.patientId;
      proxy = link.proxy;
      proofing = login.proofing;
      fhirUser = link.proxy ? (link.relatedPersonId ? `RelatedPerson/${link.relatedPersonId}` : undefined) : `Patient/${link.patientId}`;
    }

    // What may be granted: resource scopes the registration covers (patient/ ones need a patient
    // in context), and the OpenID scopes asked for. The rest is recorded as refused, so the
    // provider does not ask again.
    const resource = grantableScopes({ kind: client.kind, ...(client.audience ? { audience: client.audience } : {}), scope: client.scope }, requested).filter(
      (s) => patientId !== undefined || !s.startsWith('patient/'),
    );
    const oidc = requested.filter((s) => (OIDC_SCOPES as readonly string[]).includes(s) && s !== 'launch' && (s !== 'launch/patient' || patientId !== undefined));

    if (!client.firstParty && !state.approved) {
      return html(
        reply,
        page(
          `Allow ${client.name} to use your ${session.kind === 'staff' ? 'access' : 'GP record'}?`,
          `<p class="nhsuk-body">${esc(client.name)} is registered by practice ${esc(odsCode)}. It asks to:</p>
<ul class="nhsuk-list nhsuk-list--bullet">${[...resource, ...oidc].map((s) => `<li><code>${esc(s)}</code></li>`).join('')}</ul>
${form(action(it.uid, 'consent'), radios({ name: 'decision', legend: 'Do you allow this?', options: [{ value: 'allow', label: 'Yes, allow it' }, { value: 'deny', label: 'No' }] }), 'Continue')}`,
        ),
      );
    }

    const grant = new provider.Grant({ accountId: session.subjectId, clientId: client.clientId });
    if (oidc.length) grant.addOIDCScope(oidc.join(' '));
    const refusedOidc = requested.filter((s) => (OIDC_SCOPES as readonly string[]).includes(s) && !oidc.includes(s));
    if (refusedOidc.length) grant.rejectOIDCScope(refusedOidc.join(' '));
    if (resource.length) grant.addResourceScope(svc.fhirBase, resource.join(' '));
    const refusedResource = requested.filter((s) => !(OIDC_SCOPES as readonly string[]).includes(s) && !resource.includes(s));
    if (refusedResource.length) grant.rejectResourceScope(svc.fhirBase, refusedResource.join(' '));
    const grantId = await grant.save();
    await saveGrantContext(svc.db, {
      grantId,
      clientId: client.clientId,
      sessionId: session.id,
      kind: session.kind,
      subjectId: session.subjectId,
      practiceId,
      role,
      proxy,
      ...(patientId ? { patientId } : {}),
      ...(proofing ? { proofing } : {}),
      ...(fhirUser ? { fhirUser } : {}),
    });
    await pending.delete(`${it.uid}:consent`);
    const returnTo = await provider.interactionResult(req.raw, reply.raw, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return redirectTo(reply, returnTo);
  }

  /** First-party apps always; a practice's app only at its practice, with external access on. */
  async function externalAccessAllowed(client: RegisteredClient, practiceId: number): Promise<boolean> {
    return client.firstParty || (client.practiceId === practiceId && (await externalAccessEnabled(svc.db, practiceId)));
  }

  async function consentState(uid: string): Promise<ConsentState> {
    return (await pending.get<ConsentState>(`${uid}:consent`, 'consent'))?.data ?? {};
  }

  app.post(
    '/oauth/interaction/:uid/practice',
    route(async (req, reply) => {
      const it = await details(req, reply);
      const client = await clientOf(it);
      const session = await svc.sessions.live(svc.sessions.fromCookieHeader(req.headers.cookie));
      const m = /^(\d+):([a-z-]+)$/.exec(formValue(req, 'choice'));
      if (!session || !m) return consentStep(req, reply, it, client, [{ field: 'choice', message: 'Choose a practice and role' }]);
      const user = await svc.staff.get(session.subjectId);
      const ok = user?.memberships.some((x) => x.practiceId === Number(m[1]) && (x.roles as string[]).includes(m[2]!));
      if (!ok || session.practiceId !== undefined) return consentStep(req, reply, it, client, [{ field: 'choice', message: 'Choose one of the practices and roles listed' }]);
      await svc.sessions.choose(session.id, Number(m[1]), m[2]!);
      return consentStep(req, reply, it, client);
    }),
  );

  app.post(
    '/oauth/interaction/:uid/patient',
    route(async (req, reply) => {
      const it = await details(req, reply);
      const client = await clientOf(it);
      const state = await consentState(it.uid);
      if (client.audience === 'patient') {
        const linkId = Number(formValue(req, 'link'));
        if (!Number.isInteger(linkId)) return consentStep(req, reply, it, client, [{ field: 'link', message: 'Choose whose record to see' }]);
        await pending.put(`${it.uid}:consent`, it.uid, 'consent', null, { ...state, linkId });
        return consentStep(req, reply, it, client);
      }
      const patientId = formValue(req, 'patient').trim();
      const session = await svc.sessions.live(svc.sessions.fromCookieHeader(req.headers.cookie));
      if (!session?.practiceId || !(await patientExists(session, patientId))) {
        return consentStep(req, reply, it, client, [{ field: 'patient', message: 'There is no patient with that record id at this practice' }]);
      }
      await pending.put(`${it.uid}:consent`, it.uid, 'consent', null, { ...state, patientId });
      return consentStep(req, reply, it, client);
    }),
  );

  app.post(
    '/oauth/interaction/:uid/consent',
    route(async (req, reply) => {
      const it = await details(req, reply);
      const client = await clientOf(it);
      if (formValue(req, 'decision') !== 'allow') return refuse(req, reply, 'access_denied', 'The user did not allow access');
      await pending.put(`${it.uid}:consent`, it.uid, 'consent', null, { ...(await consentState(it.uid)), approved: true });
      return consentStep(req, reply, it, client);
    }),
  );

  /** Ends the browser's sign-in session and every token issued in it. */
  app.post(
    '/oauth/signout',
    route(async (req, reply) => {
      const id = svc.sessions.fromCookieHeader(req.headers.cookie);
      const ending = id ? await svc.sessions.get(id) : undefined;
      if (ending && !ending.ended) {
        await auditSignIn(svc, req, {
          subtype: 'logout',
          kind: ending.kind,
          subjectId: ending.subjectId,
          desc: 'signed out',
          ...(ending.role ? { role: ending.role } : {}),
          ...(ending.practiceId !== undefined ? { practiceId: ending.practiceId } : {}),
        });
      }
      if (id) {
        await svc.sessions.end(id);
        await revokeIssued(svc.db, svc.revocations, { sessionId: id }, 'signed out');
      }
      void reply.header('Set-Cookie', `${SESSION_COOKIE}=; Path=/oauth; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`);
      return html(reply, page('You have signed out', '<p class="nhsuk-body">You can close this window.</p>'));
    }),
  );

  /** Whether the practice's record holds the patient (read through the repository, as the user). */
  async function patientExists(session: SignInSession, patientId: string): Promise<boolean> {
    if (!/^[A-Za-z0-9\-.]{1,64}$/.test(patientId)) return false;
    const practice = await svc.db.withOwner(async (s) => (await s.query<{ ods_code: string }>('SELECT ods_code FROM practice WHERE id = $1', [session.practiceId])).rows[0]);
    if (!practice) return false;
    try {
      await svc.db.withPractice(session.practiceId!, (s) =>
        new Repository(s, { practiceId: session.practiceId!, odsCode: practice.ods_code, subject: session.subjectId, role: session.role ?? 'gp' }, svc.rules).read('Patient', patientId),
      );
      return true;
    } catch {
      return false;
    }
  }

  return { finishLogin };
}

export type FinishLogin = (req: FastifyRequest, reply: FastifyReply, kind: SignInSession['kind'], subjectId: string, amr: string[], clientId: string | undefined) => Promise<FastifyReply>;
