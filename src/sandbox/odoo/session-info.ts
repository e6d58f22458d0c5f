// The body of a successful /web/session/authenticate, shaped like Odoo 17's session_info (fixture 04).
import type { Env } from './env.ts';
import { serverVersion, serverVersionInfo } from './version.ts';

export function sessionInfo(env: Env, db: string): Record<string, unknown> {
  const user = env.model('res.users').browse(env.uid);
  const partnerId = user.partner_id as number;
  const partner = env.model('res.partner');
  const company = env.model('res.company').browse(1);
  return {
    uid: env.uid,
    is_system: true,
    is_admin: true,
    is_internal_user: true,
    user_context: { lang: 'en_US', tz: 'Europe/Brussels', uid: env.uid },
    db,
    user_settings: {
      id: 1,
      user_id: { id: env.uid },
      is_discuss_sidebar_category_channel_open: true,
      is_discuss_sidebar_category_chat_open: true,
      push_to_talk_key: false,
      use_push_to_talk: false,
      voice_active_duration: 200,
      volume_settings_ids: [['ADD', []]],
    },
    server_version: serverVersion(env.version),
    server_version_info: serverVersionInfo(env.version),
    support_url: 'https://www.odoo.com/buy',
    name: user.name,
    username: user.login,
    partner_display_name: partner.displayName(partner.browse(partnerId)),
    partner_id: partnerId,
    'web.base.url': 'http://127.0.0.1:8069',
    active_ids_limit: 20000,
    profile_session: null,
    profile_collectors: null,
    profile_params: null,
    max_file_upload_size: 134217728,
    home_action_id: false,
    cache_hashes: { translations: 'sandbox', load_menus: 'sandbox' },
    currencies: { '1': { symbol: '$', position: 'before', digits: [69, 2] } },
    bundle_params: { lang: 'en_US' },
    user_companies: {
      current_company: 1,
      allowed_companies: { '1': { id: 1, name: company.name, sequence: 0, child_ids: [], parent_id: false } },
      disallowed_ancestor_companies: {},
    },
    show_effect: true,
    display_switch_company_menu: false,
    user_id: [env.uid],
    max_time_between_keys_in_ms: 100,
    web_tours: [],
    tour_disable: true,
    notification_type: 'email',
    odoobot_initialized: true,
    iap_company_enrich: true,
    is_quick_edit_mode_enabled: false,
  };
}
