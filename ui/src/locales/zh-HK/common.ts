/** Traditional Chinese (Hong Kong) messages of the common area: the same keys as the English catalog. */
import type { messages as en } from "../en/common";

export const messages: Record<keyof typeof en, string> = {
};
