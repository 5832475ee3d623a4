/**
 * What the scenarios know of examples/acme-support (its README): the agents they edit and its two deliberate
 * findings, a moved shared action (SK012) and a shape changed since the lock (SK013). No imports: the API suite
 * (electron/suite/) uses it too, inside an extension host.
 */
export const ORDER_DESK = 'agents/order-desk.agent.yaml';
export const BILLING_SUPPORT = 'agents/billing-support.agent.yaml';

/** The findings of the untouched example, as `file:line:col severity code`, sorted. */
export const EXAMPLE_FINDINGS = ['agents/billing-support.agent.yaml:87:11 error SK012', 'agents/order-desk.agent.yaml:10:11 warning SK013'];
