/**
 * Email through nodemailer's SMTP transport: a fresh connection per message (alerts are rare, and
 * a pool would hold a connection open to a server we may not hear from again for hours).
 */
import { createTransport, type SMTPTransportOptions } from 'nodemailer';
import { failure, type AttemptFailure } from './attempt';
import { oneLine } from './alert-view';
import type { EmailChannel } from './channel-types';
import type { MailMessage } from './format-email';

export interface SendMailOptions {
  /** Per connection phase (connect, greeting, each socket wait). */
  timeoutMs: number;
  /** Aborts the send (the time limit of the whole attempt, or the dispatcher stopping). */
  signal: AbortSignal;
}

/** Resolves when the server accepted the message. */
export type SendMail = (config: EmailChannel, message: MailMessage, options: SendMailOptions) => Promise<void>;

/** `tls`: TLS from the first byte; `starttls`: upgrade or fail; `none`: plain text, never upgraded. */
export function smtpOptions(config: EmailChannel, timeoutMs: number): SMTPTransportOptions {
  return {
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    ...(config.user ? { auth: { user: config.user, pass: config.password } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}

export const nodemailerSend: SendMail = async (config, message, { timeoutMs, signal }) => {
  const transport = createTransport(smtpOptions(config, timeoutMs));
  try {
    await transport.sendMail({ ...message, signal });
  } finally {
    transport.close();
  }
};

interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

/** Will not heal by trying again: credentials, TLS set-up, a refused address, a bad setting. */
const PERMANENT = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ETLS', 'EREQUIRETLS', 'ECONFIG', 'EENVELOPE', 'EMESSAGE']);

/** A failed send as a short text: the SMTP error message, a refused connection said plainly. */
export function smtpFailure(err: unknown): AttemptFailure {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SmtpError;
  const message = oneLine(e.message ?? 'SMTP error').slice(0, 200);
  const refused = /ECONNREFUSED\s+(\S+)/.exec(message);
  if (refused) return failure(`connection refused (${refused[1]})`, true);
  // OpenSSL's own text ("…:SSL routines:ssl3_get_record:wrong version number:…"), mostly a TLS
  // setting that does not match the port (TLS on 587, or none on 465): it will not heal.
  const ssl = /SSL routines:[^:]*:([^:]+)/.exec(message);
  if (ssl) return failure(`TLS handshake failed: ${ssl[1]} (check the security setting for this port)`, false);
  // An SMTP reply code decides: 4xx is "try again later", 5xx is final.
  if (e.responseCode) return failure(message, e.responseCode >= 400 && e.responseCode < 500);
  return failure(message, !PERMANENT.has(e.code ?? ''));
}
