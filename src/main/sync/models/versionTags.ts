/** Model-version tags `udw sync` writes at registration, so that `udw models pull` can check the bytes it got. */
export const ONNX_SHA256_TAG = 'udw.onnx_sha256';
/** The ONNX file's name under the version's folder that the SHA-256 is of. */
export const ONNX_FILE_TAG = 'udw.onnx_file';
