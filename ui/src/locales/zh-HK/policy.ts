/** Traditional Chinese (Hong Kong) messages of the policy area: the same keys as the English catalog. */
import type { messages as en } from "../en/policy";

export const messages: Record<keyof typeof en, string> = {
};
