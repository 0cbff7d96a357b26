/** Traditional Chinese (Hong Kong) messages of the registers area: the same keys as the English catalog. */
import type { messages as en } from "../en/registers";

export const messages: Record<keyof typeof en, string> = {
};
