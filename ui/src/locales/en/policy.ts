/** English messages of the policy area. Keys are "area.what"; values may hold {name} placeholders. */
export const messages = {
} satisfies Record<string, string>;
