// The fields (concepts, by their Odoo 17 names) the flows and the connector's operations read or write, per model.
// fields.test.ts checks each against the real schemas of every version, so a version difference in any of them is
// either followed by the version map or listed below as a known loss.
import type { OdooVersion } from './fields.ts';

export const FLOW_CONCEPTS: Record<string, readonly string[]> = {
  'res.partner': [
    'name', 'email', 'phone', 'mobile', 'street', 'street2', 'city', 'zip', 'state_id', 'country_id', 'parent_id', 'type',
    'is_company', 'vat', 'lang', 'ref', 'active', 'company_name', 'property_product_pricelist', 'write_date',
  ],
  'product.product': [
    'name', 'default_code', 'barcode', 'list_price', 'standard_price', 'type', 'detailed_type', 'categ_id', 'uom_id',
    'uom_po_id', 'weight', 'description_sale', 'sale_ok', 'active', 'taxes_id', 'product_tmpl_id', 'qty_available',
    'virtual_available', 'free_qty', 'write_date',
  ],
  'product.template': [
    'name', 'default_code', 'barcode', 'list_price', 'standard_price', 'type', 'detailed_type', 'categ_id', 'uom_id',
    'uom_po_id', 'weight', 'description_sale', 'sale_ok', 'active', 'taxes_id', 'product_variant_ids', 'write_date',
  ],
  'product.category': ['name', 'complete_name', 'parent_id'],
  'product.pricelist': ['name', 'currency_id'],
  'res.currency': ['name', 'active', 'rate'],
  'res.country.state': ['code', 'name', 'country_id'],
  'sale.order': [
    'name', 'partner_id', 'partner_invoice_id', 'partner_shipping_id', 'client_order_ref', 'origin', 'order_line',
    'pricelist_id', 'currency_id', 'note', 'carrier_id', 'warehouse_id', 'date_order', 'state', 'locked', 'picking_ids',
    'invoice_ids', 'invoice_status', 'amount_untaxed', 'amount_tax', 'amount_total', 'write_date',
  ],
  'sale.order.line': [
    'order_id', 'product_id', 'name', 'product_uom_qty', 'product_uom', 'price_unit', 'discount', 'tax_id', 'route_id',
    'price_subtotal', 'price_tax', 'price_total', 'qty_delivered', 'qty_invoiced', 'display_type', 'sequence',
  ],
  'stock.picking': [
    'name', 'state', 'origin', 'sale_id', 'move_ids', 'move_ids_without_package', 'carrier_id', 'carrier_tracking_ref',
    'scheduled_date', 'date_done', 'location_id', 'location_dest_id', 'picking_type_id', 'picking_type_code',
    'backorder_id', 'return_id', 'partner_id', 'write_date',
  ],
  'stock.move': ['picking_id', 'product_id', 'product_uom_qty', 'quantity', 'picked', 'state', 'location_id', 'location_dest_id', 'origin_returned_move_id', 'product_uom'],
  'stock.quant': ['product_id', 'location_id', 'quantity', 'reserved_quantity', 'inventory_quantity', 'inventory_quantity_auto_apply', 'write_date'],
  'stock.location': ['name', 'complete_name', 'usage'],
  'stock.warehouse': ['name', 'code', 'lot_stock_id'],
  'stock.return.picking': ['picking_id', 'product_return_moves'],
  'stock.return.picking.line': ['product_id', 'quantity', 'move_id', 'uom_id'],
  'account.move': ['name', 'move_type', 'state', 'payment_state', 'amount_total', 'amount_residual', 'amount_untaxed', 'invoice_origin', 'partner_id', 'currency_id'],
  'account.payment': ['amount', 'journal_id', 'payment_method_line_id', 'ref', 'state', 'partner_id', 'payment_type', 'date'],
  'account.payment.register': ['amount', 'journal_id', 'payment_method_line_id', 'payment_date', 'communication'],
  'sale.advance.payment.inv': ['advance_payment_method'],
  'delivery.carrier': ['name', 'product_id'],
  'ir.model.data': ['module', 'name', 'model', 'res_id', 'noupdate'],
};

/** Concepts the flows touch that a version has no field for: the value is dropped when writing, `false` when read. */
export const KNOWN_LOSSES: { model: string; concept: string; versions: readonly OdooVersion[]; why: string }[] = [
  { model: 'res.partner', concept: 'mobile', versions: [19], why: 'Odoo 19 removed the mobile field; keep the number in phone' },
  { model: 'product.product', concept: 'uom_po_id', versions: [19], why: 'Odoo 19 removed the purchase unit' },
  { model: 'product.template', concept: 'uom_po_id', versions: [19], why: 'Odoo 19 removed the purchase unit' },
  { model: 'sale.order', concept: 'locked', versions: [16], why: 'Odoo 16 marks a locked order with state done (handled by the value rules)' },
  { model: 'stock.move', concept: 'picked', versions: [16], why: 'Odoo 16 has no picked flag (derived from quantity_done)' },
];
