// Notes on a record's chatter (an internal note, not a message to the customer).
import type { OdooClient } from '../client.ts';

export async function postNote(client: OdooClient, model: string, id: number, body: string): Promise<void> {
  await client.call(model, 'message_post', [[id]], { body, message_type: 'comment', subtype_xmlid: 'mail.mt_note' });
}
