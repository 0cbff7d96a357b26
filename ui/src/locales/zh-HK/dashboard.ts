/** Traditional Chinese (Hong Kong) messages of the dashboard area: the same keys as the English catalog. */
import type { messages as en } from "../en/dashboard";

export const messages: Record<keyof typeof en, string> = {
};
