/**
 * Gemini message content (`PartListUnion` from @google/genai: a string, one Part, or a list of either) and tool
 * call results (`functionResponse` parts) flattened to text. Unknown parts become a short placeholder.
 */
import { isRec, str, type Rec } from '../claude/values';

function partText(p: unknown): string {
  if (typeof p === 'string') return p;
  if (!isRec(p)) return '';
  if (typeof p.text === 'string') return p.thought === true ? '' : p.text;
  if (isRec(p.functionResponse)) return responseText(p.functionResponse);
  if (isRec(p.functionCall)) return `[functionCall: ${str(p.functionCall.name) ?? ''}]`;
  if (isRec(p.inlineData)) return `[inlineData: ${str(p.inlineData.mimeType) ?? ''}]`;
  if (isRec(p.fileData)) return `[fileData: ${str(p.fileData.fileUri) ?? str(p.fileData.mimeType) ?? ''}]`;
  if (isRec(p.executableCode)) return str(p.executableCode.code) ?? '';
  if (isRec(p.codeExecutionResult)) return str(p.codeExecutionResult.output) ?? '';
  return '';
}

/** Text of a message's content. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    if (content.length === 1) return partText(content[0]);
    const parts: string[] = [];
    for (const p of content) {
      const t = partText(p);
      if (t) parts.push(t);
    }
    return parts.join('\n');
  }
  return partText(content);
}

/** `functionResponse.response`: `{output}` or `{error}` as gemini-cli writes it; anything else as JSON. */
function responseText(fr: Rec): string {
  const r = fr.response;
  if (typeof r === 'string') return r;
  if (!isRec(r)) return '';
  if (typeof r.output === 'string') return r.output;
  if (typeof r.error === 'string') return r.error;
  if (typeof r.content === 'string') return r.content;
  try {
    return JSON.stringify(r);
  } catch {
    return '';
  }
}

/** Whether a tool call's result parts carry an error response. */
export function resultHasError(result: unknown): boolean {
  const parts = Array.isArray(result) ? result : [result];
  for (const p of parts) {
    if (isRec(p) && isRec(p.functionResponse) && isRec(p.functionResponse.response) && p.functionResponse.response.error !== undefined) return true;
  }
  return false;
}

/** A tool call's result text: its function responses, else `resultDisplay` when that is text. */
export function toolResultText(tc: Rec): string {
  const fromResult = tc.result === undefined || tc.result === null ? '' : contentText(tc.result);
  if (fromResult) return fromResult;
  return typeof tc.resultDisplay === 'string' ? tc.resultDisplay : '';
}
