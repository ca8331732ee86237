// Model text (question labels in progress lines, server messages) is untrusted: it is
// neutralised before it reaches the user's terminal, with the same rules as the TUI.
export { sanitizeText as sanitizeForTerminal } from '../tui/sanitize-text.js';
