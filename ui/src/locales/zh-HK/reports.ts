/** Traditional Chinese (Hong Kong) messages of the reports area: the same keys as the English catalog. */
import type { messages as en } from "../en/reports";

export const messages: Record<keyof typeof en, string> = {
};
