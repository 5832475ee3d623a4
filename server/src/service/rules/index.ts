/** The rule registry: every finding code of the catalogue, one module each. */
import type { Rule, TreeStatus } from './rule';
import { SK001 } from './SK001-yaml-syntax';
import { SK002 } from './SK002-schema';
import { SK003 } from './SK003-unknown-key';
import { SK004 } from './SK004-duplicate-id';
import { SK010 } from './SK010-missing-integration';
import { SK011 } from './SK011-deleted-action';
import { SK012 } from './SK012-moved-action';
import { SK013 } from './SK013-shape-changed';
import { SK014 } from './SK014-not-locked';
import { SK015 } from './SK015-stale-lock-entry';
import { SK020 } from './SK020-auth-connector';
import { SK021 } from './SK021-undeclared-secret';
import { SK022 } from './SK022-literal-credential';
import { SK023 } from './SK023-missing-credentials';
import { SK030 } from './SK030-environment-slots';
import { SK031 } from './SK031-missing-slot';
import { SK040 } from './SK040-template';
import { SK041 } from './SK041-body-on-get';
import { SK042 } from './SK042-body-not-json';
import { SK043 } from './SK043-parameters-schema';
import { SK050 } from './SK050-phase';
import { SK051 } from './SK051-undeclared-state';
import { SK052 } from './SK052-unreachable-action';
import { SK060 } from './SK060-action-under-mcp';
import { SK061 } from './SK061-mcp-tool';
import { SK070 } from './SK070-not-a-channel';
import { SK071 } from './SK071-phone-or-handover-target';
import { SK080 } from './SK080-duplicate-action-name';
import { SK081 } from './SK081-header-control';
import { SK082 } from './SK082-path-or-url';
import { SK090 } from './SK090-deletion-breaks';

import type { DataOf } from './rule';
export type { DataOf, DataShape, DiagnosticLike, FixContext, QuickFix, Rule, TreeStatus, Variant } from './rule';
export { dataProblem, finding, registerRules, ruleOf, severityOf } from './rule';
import { ruleOf } from './rule';

/** Every code of the registry and the TypeScript type of its findings' `data` (what `finding` and `add` check at compile time). */
export interface DataByCode {
  SK001: DataOf<(typeof SK001)['data']>;
  SK002: DataOf<(typeof SK002)['data']>;
  SK003: DataOf<(typeof SK003)['data']>;
  SK004: DataOf<(typeof SK004)['data']>;
  SK010: DataOf<(typeof SK010)['data']>;
  SK011: DataOf<(typeof SK011)['data']>;
  SK012: DataOf<(typeof SK012)['data']>;
  SK013: DataOf<(typeof SK013)['data']>;
  SK014: DataOf<(typeof SK014)['data']>;
  SK015: DataOf<(typeof SK015)['data']>;
  SK020: DataOf<(typeof SK020)['data']>;
  SK021: DataOf<(typeof SK021)['data']>;
  SK022: DataOf<(typeof SK022)['data']>;
  SK023: DataOf<(typeof SK023)['data']>;
  SK030: DataOf<(typeof SK030)['data']>;
  SK031: DataOf<(typeof SK031)['data']>;
  SK040: DataOf<(typeof SK040)['data']>;
  SK041: DataOf<(typeof SK041)['data']>;
  SK042: DataOf<(typeof SK042)['data']>;
  SK043: DataOf<(typeof SK043)['data']>;
  SK050: DataOf<(typeof SK050)['data']>;
  SK051: DataOf<(typeof SK051)['data']>;
  SK052: DataOf<(typeof SK052)['data']>;
  SK060: DataOf<(typeof SK060)['data']>;
  SK061: DataOf<(typeof SK061)['data']>;
  SK070: DataOf<(typeof SK070)['data']>;
  SK071: DataOf<(typeof SK071)['data']>;
  SK080: DataOf<(typeof SK080)['data']>;
  SK081: DataOf<(typeof SK081)['data']>;
  SK082: DataOf<(typeof SK082)['data']>;
  SK090: DataOf<(typeof SK090)['data']>;
}
export type FindingCode = keyof DataByCode;

let rules: readonly Rule[] | undefined;

/**
 * Every rule, in code order. Built on first use, not at load: rule modules import the core, which imports this
 * registry, so a list made at load could read a module that is still loading.
 */
export function allRules(): readonly Rule[] {
  rules ??= [
    SK001,
    SK002,
    SK003,
    SK004,
    SK010,
    SK011,
    SK012,
    SK013,
    SK014,
    SK015,
    SK020,
    SK021,
    SK022,
    SK023,
    SK030,
    SK031,
    SK040,
    SK041,
    SK042,
    SK043,
    SK050,
    SK051,
    SK052,
    SK060,
    SK061,
    SK070,
    SK071,
    SK080,
    SK081,
    SK082,
    SK090,
  ];
  return rules;
}

/** The tree status a finding of `code` gives a binding, if any. */
export function treeStatusOf(code: string): TreeStatus | undefined {
  return ruleOf(code)?.treeStatus;
}
