/**
 * Query and path parameters of the REST operations, with upstream's names and (shortened)
 * descriptions.
 */

/** Query and path parameters, by name. */
export type ParamName = keyof typeof PARAMS;

/** One parameter's JSON type and description. */
export interface ParamSpec {
  readonly type: "string" | "integer" | "boolean";
  readonly description: string;
}

/** Every parameter an operation may take. */
export const PARAMS = {
  allowWatchBookmarks: {
    type: "boolean",
    description:
      'allowWatchBookmarks requests watch events with type "BOOKMARK". Servers that do not implement bookmarks may ignore this flag and bookmarks are sent at the server\'s discretion. If this is not a watch, this field is ignored.',
  },
  continue: {
    type: "string",
    description:
      "The continue option should be set when retrieving more results from the server. Since this value is server defined, clients may only use the continue value from a previous query result with identical query parameters (except for the value of continue). An expired continue value is answered with 410 ResourceExpired. This field is not supported when watch is true.",
  },
  dryRun: {
    type: "string",
    description:
      "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed",
  },
  fieldManager: {
    type: "string",
    description:
      "fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters. This field is required for apply requests (application/apply-patch) but optional for non-apply patch types.",
  },
  fieldSelector: {
    type: "string",
    description:
      "A selector to restrict the list of returned objects by their fields. Defaults to everything.",
  },
  fieldValidation: {
    type: "string",
    description:
      "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors. - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.",
  },
  force: {
    type: "boolean",
    description:
      'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.',
  },
  gracePeriodSeconds: {
    type: "integer",
    description:
      "The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.",
  },
  ignoreStoreReadErrorWithClusterBreakingPotential: {
    type: "boolean",
    description:
      "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error. Defaults to false.",
  },
  labelSelector: {
    type: "string",
    description:
      "A selector to restrict the list of returned objects by their labels. Defaults to everything.",
  },
  limit: {
    type: "integer",
    description:
      "limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results. This field is not supported if watch is true.",
  },
  name: { type: "string", description: "name of the object" },
  namespace: { type: "string", description: "object name and auth scope, such as for teams and projects" },
  orphanDependents: {
    type: "boolean",
    description:
      'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the "orphan" finalizer will be added to/removed from the object\'s finalizers list. Either this field or PropagationPolicy may be set, but not both.',
  },
  pretty: { type: "string", description: "If 'true', then the output is pretty printed." },
  propagationPolicy: {
    type: "string",
    description:
      "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground.",
  },
  resourceVersion: {
    type: "string",
    description:
      "resourceVersion sets a constraint on what resource versions a request may be served from. See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset",
  },
  resourceVersionMatch: {
    type: "string",
    description:
      "resourceVersionMatch determines how resourceVersion is applied to list calls. See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset",
  },
  sendInitialEvents: {
    type: "boolean",
    description:
      '`sendInitialEvents=true` may be set together with `watch=true`. In that case, the watch stream will begin with synthetic events to produce the current state of objects in the collection. Once all such events have been sent, a synthetic "Bookmark" event will be sent.',
  },
  timeoutSeconds: {
    type: "integer",
    description:
      "Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.",
  },
  watch: {
    type: "boolean",
    description:
      "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.",
  },
  // pods/log
  container: { type: "string", description: "The container for which to stream logs or run a command." },
  follow: { type: "boolean", description: "Follow the log stream of the pod. Defaults to false." },
  insecureSkipTLSVerifyBackend: {
    type: "boolean",
    description:
      "insecureSkipTLSVerifyBackend indicates that the apiserver should not confirm the validity of the serving certificate of the backend it is connecting to.",
  },
  limitBytes: {
    type: "integer",
    description: "If set, the number of bytes to read from the server before terminating the log output.",
  },
  previous: {
    type: "boolean",
    description: "Return previous terminated container logs. Defaults to false.",
  },
  sinceSeconds: {
    type: "integer",
    description:
      "A relative time in seconds before the current time from which to show logs. Only one of sinceSeconds or sinceTime may be specified.",
  },
  tailLines: {
    type: "integer",
    description: "If set, the number of lines from the end of the logs to show.",
  },
  timestamps: {
    type: "boolean",
    description:
      "If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line of log output.",
  },
  // exec, attach, portforward
  command: {
    type: "string",
    description: "Command is the remote command to execute. argv array. Not executed within a shell.",
  },
  stderr: { type: "boolean", description: "Redirect the standard error stream of the pod for this call." },
  stdin: {
    type: "boolean",
    description: "Redirect the standard input stream of the pod for this call. Defaults to false.",
  },
  stdout: { type: "boolean", description: "Redirect the standard output stream of the pod for this call." },
  tty: {
    type: "boolean",
    description: "TTY if true indicates that a tty will be allocated for the call. Defaults to false.",
  },
  ports: { type: "integer", description: "List of ports to forward. Required when using WebSockets" },
} as const satisfies Record<string, ParamSpec>;

export const LIST_PARAMS: readonly ParamName[] = [
  "allowWatchBookmarks",
  "continue",
  "fieldSelector",
  "labelSelector",
  "limit",
  "resourceVersion",
  "resourceVersionMatch",
  "sendInitialEvents",
  "timeoutSeconds",
  "watch",
];
export const WRITE_PARAMS: readonly ParamName[] = ["dryRun", "fieldManager", "fieldValidation"];
export const DELETE_PARAMS: readonly ParamName[] = [
  "dryRun",
  "gracePeriodSeconds",
  "ignoreStoreReadErrorWithClusterBreakingPotential",
  "orphanDependents",
  "propagationPolicy",
];
