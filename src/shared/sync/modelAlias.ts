/**
 * What MLflow accepts as a registered model alias, checked before a registration is queued (the CLI's
 * `udw sync register --alias` and the Sync view's form), so a bad alias is refused at once rather than
 * failing a step on the server later: letters, digits, _ and - (at most 255); not `latest` nor v<digits>,
 * which MLflow reserves for "the highest version" and "version N".
 */
export function aliasProblem(alias: string): string | null {
  if (!/^[\w-]{1,255}$/.test(alias)) return `expected letters, digits, _ or - (1 to 255 of them), got '${alias}'`;
  if (alias.toLowerCase() === 'latest' || /^v\d+$/i.test(alias)) return `'${alias}' is reserved by MLflow (latest and v<digits> name versions); choose another alias`;
  return null;
}
