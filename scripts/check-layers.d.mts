/** Types of scripts/check-layers.mjs, for the test of the rule. */
export declare const MAIN_LAYERS: string[][];
export declare const ELECTRON_FILES: string[];
export declare function checkLayers(root: string): string[];
