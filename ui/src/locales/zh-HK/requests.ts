/** Traditional Chinese (Hong Kong) messages of the requests area: the same keys as the English catalog. */
import type { messages as en } from "../en/requests";

export const messages: Record<keyof typeof en, string> = {
};
