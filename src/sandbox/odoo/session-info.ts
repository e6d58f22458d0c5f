// The body of a successful /web/session/authenticate, shaped like each version's session_info (17: fixture 04;
// 18 and 19: as the real servers answer it). The web client reads it; the bridge only needs `uid`.
import type { Env } from './env.ts';
import { serverVersion, serverVersionInfo } from './version.ts';

const VIEW_INFO = {
  list: { display_name: 'List', icon: 'oi oi-view-list', multi_record: true },
  form: { display_name: 'Form', icon: 'fa fa-address-card', multi_record: false },
  graph: { display_name: 'Graph', icon: 'fa fa-area-chart', multi_record: true },
  pivot: { display_name: 'Pivot', icon: 'oi oi-view-pivot', multi_record: true },
  calendar: { display_name: 'Calendar', icon: 'fa fa-calendar', multi_record: true },
  kanban: { display_name: 'Kanban', icon: 'oi oi-view-kanban', multi_record: true },
  search: { display_name: 'Search', icon: 'oi oi-search', multi_record: true },
  activity: { display_name: 'Activity', icon: 'fa fa-clock-o', multi_record: true },
};

export function sessionInfo(env: Env, db: string): Record<string, unknown> {
  const version = env.version;
  const user = env.model('res.users').browse(env.uid);
  const partnerId = user.partner_id as number;
  const partner = env.model('res.partner');
  const companies = env.model('res.company');
  const userCompany = (user.company_id as number | undefined) ?? 1;
  const companyIds = companies.search([], { order: 'sequence, id' });
  const allowedCompanies = Object.fromEntries(
    companyIds.map((id) => {
      const company = companies.browse(id);
      const entry = {
        id,
        name: company.name,
        sequence: company.sequence ?? 0,
        child_ids: [],
        parent_id: false,
        ...(version >= 19 ? { currency_id: company.currency_id ?? 1 } : {}),
      };
      return [String(id), entry];
    }),
  );
  const discussSettings = {
    id: 1,
    user_id: { id: env.uid },
    is_discuss_sidebar_category_channel_open: true,
    is_discuss_sidebar_category_chat_open: true,
    push_to_talk_key: false,
    use_push_to_talk: false,
    voice_active_duration: 200,
  };
  const userSettings =
    version <= 17
      ? { ...discussSettings, volume_settings_ids: [['ADD', []]] }
      : version === 18
        ? { ...discussSettings, channel_notifications: false, mute_until_dt: false, volumes: [['ADD', []]] }
        : { ...discussSettings, embedded_actions_config_ids: {}, channel_notifications: false, volumes: [['ADD', []]] };
  const partnerRecord = partner.browse(partnerId);

  const common: Record<string, unknown> = {
    uid: env.uid,
    is_system: true,
    is_admin: true,
    is_internal_user: true,
    user_context: { lang: 'en_US', tz: 'Europe/Brussels', uid: env.uid },
    db,
    user_settings: userSettings,
    server_version: serverVersion(version),
    server_version_info: serverVersionInfo(version),
    support_url: 'https://www.odoo.com/buy',
    name: user.name,
    username: user.login,
    partner_display_name: partner.displayName(partnerRecord),
    partner_id: partnerId,
    'web.base.url': 'http://127.0.0.1:8069',
    active_ids_limit: 20000,
    profile_session: null,
    profile_collectors: null,
    profile_params: null,
    max_file_upload_size: 134217728,
    home_action_id: false,
    currencies: {
      '1': { ...(version >= 19 ? { name: 'USD' } : {}), symbol: '$', position: 'before', digits: [69, 2] },
    },
    bundle_params: { lang: 'en_US' },
    user_companies: {
      current_company: userCompany,
      allowed_companies: allowedCompanies,
      disallowed_ancestor_companies: {},
    },
    show_effect: true,
    iap_company_enrich: true,
  };
  if (version <= 17) {
    return {
      ...common,
      cache_hashes: { translations: 'sandbox', load_menus: 'sandbox' },
      display_switch_company_menu: companyIds.length > 1,
      user_id: [env.uid],
      max_time_between_keys_in_ms: 100,
      web_tours: [],
      tour_disable: true,
      notification_type: 'email',
      odoobot_initialized: true,
      is_quick_edit_mode_enabled: false,
    };
  }
  // 18 and 19: the discuss store's data, tours by flag, no more web_tours / quick edit / odoobot flags
  const writeDate = String(partnerRecord.write_date ?? '');
  const storeData = {
    Store: {
      action_discuss_id: 126,
      channel_types_with_seen_infos: ['chat', 'group'],
      hasGifPickerFeature: false,
      hasLinkPreviewFeature: true,
      hasMessageTranslationFeature: false,
      internalUserGroupId: 1,
      ...(version === 18
        ? { mt_comment_id: 1, odoobot: { id: 2, type: 'partner' }, self: { id: partnerId, type: 'partner' } }
        : { hasCannedResponses: true, mt_comment: 1, mt_note: 2, odoobot: 2, self_partner: partnerId }),
      settings: userSettings,
    },
    // OdooBot, then the user
    'res.partner': [
      {
        active: false,
        avatar_128_access_token: 'sandbox',
        email: 'odoobot@example.com',
        id: 2,
        im_status: 'bot',
        ...(version === 18
          ? { isInternalUser: true, is_company: false, name: 'OdooBot', userId: 1 }
          : { im_status_access_token: 'sandbox', is_company: false, main_user_id: 1, name: 'OdooBot' }),
        write_date: writeDate,
      },
      {
        active: true,
        avatar_128_access_token: 'sandbox',
        id: partnerId,
        ...(version === 18
          ? {
              isAdmin: true,
              isInternalUser: true,
              name: user.name,
              notification_preference: 'email',
              signature: '',
              userId: env.uid,
            }
          : { im_status: 'offline', im_status_access_token: 'sandbox', main_user_id: env.uid, name: user.name }),
        write_date: writeDate,
      },
    ],
    ...(version >= 19
      ? {
          'res.users': [
            { id: 1, share: false },
            {
              id: env.uid,
              is_admin: true,
              notification_type: 'email',
              share: false,
              signature: ['markup', `<div>${String(user.name)}</div>`],
            },
          ],
        }
      : {}),
  };
  return {
    ...common,
    is_public: false,
    partner_write_date: writeDate,
    test_mode: false,
    view_info: VIEW_INFO,
    max_time_between_keys_in_ms: 150,
    websocket_worker_version: version === 18 ? '18.0-5' : '19.0-2',
    tour_enabled: false,
    current_tour: null,
    storeData,
    can_insert_in_spreadsheet: false,
    ...(version === 18
      ? {
          cache_hashes: { translations: 'sandbox', load_menus: 'sandbox' },
          display_switch_company_menu: companyIds.length > 1,
        }
      : { registry_hash: 'sandbox', quick_login: true, groups: { 'base.group_allow_export': true } }),
  };
}
