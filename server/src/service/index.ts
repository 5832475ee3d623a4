/**
 * The core's one entry point. The language server (lsp/), the CLI (cli/), the runner (runner/), the Node
 * helpers (node/) and the protocol module import the core only from here; nothing outside `service/`
 * reaches into its modules (test/layers.test.ts holds this). Everything here is plain data in, data out:
 * no `node:` module, no I/O.
 *
 * Grouped by what a caller does with it: read files and build the index, analyse, answer editor
 * features, plan and describe runs, and the types those speak.
 */

// Files and their kinds
export { ALWAYS_EXCLUDED, dirName, ID_PATTERN, idOf, kindIn, kindOf, stripSlash } from './files';

// The workspace index and analysis
export { WorkspaceIndex } from './workspace';
export { analyzeFile, type FileAnalysis } from './analyze';
export { find } from './lookup';
export { buildLock, lockUriFor } from './lock';
export { deletionFindings } from './deletion';
export { agentsTree, integrationsTree } from './trees';
export type { AgentActionNode, AgentNode, BindingStatus, IntegrationNode, SharedActionNode, SlotNode, ToolNode } from './trees';
export { secretsTree, type SecretNode } from './secretsTree';
export { shapeDiff, shapeYaml, type ShapeDiffParams, type ShapeDiffResult } from './shapeDiff';
export { environmentMatrix, fileIn, type EnvironmentMatrix, type MatrixAgent, type MatrixCell, type MatrixOptions, type MatrixReason } from './matrix';

// The rule registry
export { allRules, finding, ruleOf } from './rules';

// Editor features
export {
  codeLenses,
  doComplete,
  doHover,
  doRename,
  documentSymbols,
  findDefinition,
  findReferences,
  foldingRanges,
  formatDocument,
  getCodeActions,
  prepareRename,
  RenameError,
  reviewLens,
  type ReviewBase,
  selectionRanges,
  willDeleteFiles,
  willRenameFiles,
  workspaceSymbols,
  type FormatOptions,
} from './features';
export { openFile } from './features/cursor';

// New files: the new-file commands' scaffolds, the snippets and what the commands offer
export { AUTH_TYPES, INTEGRATION_KINDS, METHODS, SECRET_NAME_PATTERN, scaffold, type ScaffoldParams, type ScaffoldResult } from './scaffold/scaffold';
export { scaffoldInfo, type ScaffoldInfo } from './scaffold/info';
export { ACTION_SNIPPETS, FILE_SNIPPETS, snippetsFile, withDefaults, actionItemLines } from './scaffold/snippets';

// Runs: HTTP requests, MCP tools, text messages, credentials
export {
  checkParameters,
  coerceParameters,
  findAgentAction,
  nestVariables,
  parametersSchemaOf,
  planRequest,
  type PlanAuth,
  type PlanTarget,
  type PlanValue,
  type RequestPlan,
  type TokenAuthMethod,
} from './run/plan';
export {
  mcpIntegrationInfo,
  planMcpServer,
  planToolCall,
  toolBindingOf,
  toolCallInfo,
  toolParametersSchema,
  type McpIntegrationInfo,
  type McpServerParams,
  type McpServerPlan,
  type ToolCallInfo,
  type ToolCallInfoParams,
  type ToolCallPlan,
} from './run/mcpPlan';
export { missingVariables, textMessageInputs, type TextMessageInputs } from './run/messagePlan';
export { credentialDestinations, credentialLine, mcpCredentialDestinations, type CredentialDestination } from './run/credentials';
export { toCurl } from './run/curl';
export { lockAgentEdit, runPlanInfo, type RunPlanInfo, type RunPlanParams } from './runInfo';
export { mcpIntegrations, toolsLockAnswer, toolsLockEdit, unofferedBindings, type ToolsLockEditParams, type ToolsLockEditResult } from './toolsLock';
export { normalizeTools, type DiscoveredTool } from './discoveredTools';
export { BEARER_PREFIX, E164 } from './kinds/common';
export { CLIENT_OWNED_HEADERS, firstUnsafe } from './wireText';

// Response contract: recorded response shapes and their drift
export { parseJsonPath, type JsonPathSegment } from './jsonPath';
export { inferSchema, mergeSchemas, SHAPE_LIMITS, type JsonSchemaNode } from './contract/infer';
export { diffSchemas, driftLines, flattenSchema, type DriftChange } from './contract/drift';
export { walkSchema, type WalkResult } from './contract/walk';
export {
  MAX_JSON_DEPTH,
  nestedDeeperThan,
  parseBody,
  recordResponseShape,
  recordedShapeOf,
  responseDrift,
  responseDriftOf,
  responseShapeFile,
  responseShapeTarget,
  type RecordResult,
  type ResponseShapeFileParams,
  type ShapeTarget,
} from './contract/shapeFile';

// Promote an api-call to a shared action
export { planPromote, promoteCandidates, promotedId, promoteWorkspaceEdit, type PromotePlan, type PromoteResult, type PromoteTarget } from './promote';

// Restore preview
export { restorePreview } from './restore';
export { restoreReportJson, restoreReportText, type RestoreReportJson } from './restoreReport';

// Pull-request review
export {
  agentsLinking,
  changedFields,
  reviewWorkspace,
  shapeChanges,
  type ChangedAction,
  type DeletedAction,
  type FieldChange,
  type FieldValue,
  type MovedAction,
  type Review,
} from './review';

// Shared types
export { ENVIRONMENTS, SEVERITY_RANK, type Environment, type FileKind, type Finding, type Range, type RelatedLocation, type Severity } from './types';
