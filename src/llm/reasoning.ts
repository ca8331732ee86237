// Where a teacher puts its reasoning differs by server: a separate message field
// (`reasoning_content` on DeepSeek and vLLM, `reasoning` on OpenRouter) or a
// `<think>` block at the start of the content (Ollama, vLLM without a reasoning parser).

export interface ReasoningSplit {
  reasoning: string;
  answer: string;
}

const OPENING_TAG = /^\s*<(think|thinking)>/i;

/**
 * Splits a message into reasoning and final answer.
 * `fieldReasoning` is the server's separate reasoning field, when it sent one.
 */
export function splitReasoning(content: string, fieldReasoning = ''): ReasoningSplit {
  const fromContent = splitThinkBlock(content);
  const reasoning = [fieldReasoning.trim(), fromContent.reasoning].filter((part) => part.length > 0).join('\n\n');
  return { reasoning, answer: fromContent.answer };
}

/** Takes a leading `<think>…</think>` (or `<thinking>`) block out of `content`. */
export function splitThinkBlock(content: string): ReasoningSplit {
  const opening = OPENING_TAG.exec(content);
  if (opening) {
    const tag = opening[1]!;
    const body = content.slice(opening[0].length);
    const closeAt = body.search(new RegExp(`</${tag}>`, 'i'));
    // An unclosed block means the model never got to its answer (cut off, or a broken template):
    // all of it is reasoning and the answer is empty, which the checks then flag.
    if (closeAt < 0) return { reasoning: body.trim(), answer: '' };
    return {
      reasoning: body.slice(0, closeAt).trim(),
      answer: body.slice(closeAt + tag.length + 3).trim(),
    };
  }
  // Chat templates of R1-style models often put the opening <think> in the prompt,
  // so the content starts with the reasoning and only the closing tag shows.
  const closing = /<\/think>/i.exec(content);
  if (closing && !/<think>/i.test(content.slice(0, closing.index))) {
    return {
      reasoning: content.slice(0, closing.index).trim(),
      answer: content.slice(closing.index + closing[0].length).trim(),
    };
  }
  return { reasoning: '', answer: content.trim() };
}
