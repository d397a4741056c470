/**
 * What to do about a DVC failure that comes from the remote rather than the workspace. DVC reports these
 * as "unexpected error - <the library's words>" (s3fs, webdav4, the socket), which names neither the remote
 * nor the setting to change; the hint says which one, in the words of the README's sync section.
 */
const HINTS: ReadonlyArray<[RegExp, string]> = [
  [
    /Unable to locate credentials|NoCredentialsError|InvalidAccessKeyId|SignatureDoesNotMatch|InvalidClientTokenId/i,
    'the S3 remote refused or got no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_SHARED_CREDENTIALS_FILE / AWS_PROFILE, in the environment udw runs in (AWS_ENDPOINT_URL for a store that is not AWS)',
  ],
  [/NoSuchBucket|specified bucket does not exist/i, 'the bucket of the S3 remote does not exist: create it, or correct the remote URL (udw remote set --dvc-remote URL)'],
  [/could not be found in the server|\b404\b.*(webdav|PROPFIND)/i, "the WebDAV remote's folder does not exist on the server: create it there first (DVC creates only what lies below it)"],
  [/\b40[13]\b|Unauthorized|Forbidden|AccessDenied/i, 'the remote refused this login: give DVC its credentials (S3: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a credentials file; WebDAV or SSH: `dvc remote modify --local origin user/password` in the data workspace, which stays out of git)'],
  [/Connection refused|Name or service not known|nodename nor servname|timed out|Temporary failure in name resolution|Could not resolve host/i, "the remote's server did not answer: check the URL (udw remote set --dvc-remote URL) and that the server is up"],
];

/** A sentence on how to fix a remote failure DVC printed, or null when it is not one of those. */
export function remoteHint(message: string): string | null {
  for (const [pattern, hint] of HINTS) if (pattern.test(message)) return hint;
  return null;
}
