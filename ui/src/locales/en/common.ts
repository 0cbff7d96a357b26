/** English messages of the common area. Keys are "area.what"; values may hold {name} placeholders. */
export const messages = {
} satisfies Record<string, string>;
