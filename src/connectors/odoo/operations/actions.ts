// Window actions: what Odoo's buttons answer when a dialog (wizard) must follow, or to show a created record.

export interface WindowAction {
  type: 'ir.actions.act_window';
  res_model: string;
  res_id?: number | false;
  context?: Record<string, unknown>;
  name?: string;
}

export function isWindowAction(value: unknown): value is WindowAction {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { type?: unknown }).type === 'ir.actions.act_window' &&
    typeof (value as { res_model?: unknown }).res_model === 'string'
  );
}

/** The record an action shows (`res_id`), when it shows one. */
export function actionRecordId(value: unknown): number | undefined {
  return isWindowAction(value) && typeof value.res_id === 'number' && value.res_id > 0 ? value.res_id : undefined;
}
