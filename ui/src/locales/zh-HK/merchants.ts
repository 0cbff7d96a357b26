/** Traditional Chinese (Hong Kong) messages of the merchants area: the same keys as the English catalog. */
import type { messages as en } from "../en/merchants";

export const messages: Record<keyof typeof en, string> = {
};
