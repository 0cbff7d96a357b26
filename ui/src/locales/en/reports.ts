/** English messages of the reports area. Keys are "area.what"; values may hold {name} placeholders. */
export const messages = {
} satisfies Record<string, string>;
