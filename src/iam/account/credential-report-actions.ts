/**
 * iam:GenerateCredentialReport, GetCredentialReport —
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateCredentialReport.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 * "If the existing report is less than four hours old, IAM does not generate a new one; it returns
 * the existing report." Rolegate builds the report inside the Generate call's own transaction, so
 * a report is never in progress: the first call answers STARTED (AWS's words for a new report),
 * later calls within four hours COMPLETE. GetCredentialReport answers ReportNotPresent before any
 * report and ReportExpired once the last one is four hours old (a new Generate then starts one).
 * Content is the CSV, base64-encoded on the wire (a blob). Both act on no resource: "*" only.
 */
import { action } from '../../core/action.js';
import { ReportExpired, ReportNotPresent } from '../../core/errors.js';
import { KIND } from '../model.js';
import { buildCredentialReport } from './credential-report.js';

const REPORT_KEY = 'report';
/** A report younger than this is reused by Generate and served by Get. */
export const REPORT_TTL_MS = 4 * 60 * 60 * 1000;

interface CredentialReportData {
  readonly generatedAt: string;
  readonly csv: string;
}

const fresh = (r: CredentialReportData, now: Date): boolean => now.getTime() - Date.parse(r.generatedAt) < REPORT_TTL_MS;

export const generateCredentialReport = action({
  service: 'iam',
  name: 'GenerateCredentialReport',
  params: {},
  resource: () => '*',
  handler: (ctx) =>
    ctx.store.write(async (tx) => {
      const account = ctx.caller.account;
      const current = await tx.get<CredentialReportData>(account, KIND.credentialReport, REPORT_KEY);
      if (current !== undefined && fresh(current.data, ctx.now)) return { State: 'COMPLETE' };
      const csv = await buildCredentialReport(tx, account);
      await tx.put<CredentialReportData>({ account, kind: KIND.credentialReport, key: REPORT_KEY, data: { generatedAt: ctx.now.toISOString(), csv } }, current?.version ?? 0);
      return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
    }),
});

export const getCredentialReport = action({
  service: 'iam',
  name: 'GetCredentialReport',
  params: {},
  resource: () => '*',
  handler: async (ctx) => {
    const report = (await ctx.store.read((tx) => tx.get<CredentialReportData>(ctx.caller.account, KIND.credentialReport, REPORT_KEY)))?.data;
    // AWS answers it with no message at all: 410, Code and Type only (LocalStack's AWS-validated
    // recording test_iam_credential_report.snapshot.json, "get-credential-report-without-generate-error").
    if (report === undefined) throw ReportNotPresent('');
    if (!fresh(report, ctx.now)) throw ReportExpired('Credential report expired');
    return { Content: Buffer.from(report.csv, 'utf8').toString('base64'), ReportFormat: 'text/csv', GeneratedTime: new Date(report.generatedAt) };
  },
});
