export const PNG_SIZES: number[];
export function renderIcon(size: number): Buffer;
export function encodePng(size: number, rgba: Buffer): Buffer;
export function iconSvg(): string;
export function makeIcons(): Map<string, Buffer>;
