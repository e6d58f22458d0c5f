import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, type OrderStatus } from '../connectors/clarity/contract.ts';
import { canMoveStatus, saleOrderStatus, shippingStatus, statusToWrite } from './order-status.ts';

describe('order status shown in Clarity', () => {
  it.each<[OrderStatus | null, OrderStatus, boolean]>([
    [null, 'Pending', true],
    ['Pending', 'Confirmed', true],
    ['Confirmed', 'PartiallyShipped', true],
    ['PartiallyShipped', 'Shipped', true],
    ['Shipped', 'Completed', true],
    ['Confirmed', 'Pending', false],
    ['Shipped', 'PartiallyShipped', false],
    ['Shipped', 'Confirmed', false],
    ['Completed', 'Shipped', false],
    ['Confirmed', 'Confirmed', false],
    ['Pending', 'OnHold', true],
    ['Confirmed', 'OnHold', true],
    ['Shipped', 'OnHold', false],
    ['OnHold', 'Confirmed', true],
    ['OnHold', 'Pending', false],
    ['Confirmed', 'Cancelled', true],
    ['Shipped', 'Cancelled', true],
    ['Cancelled', 'Confirmed', false],
    ['Cancelled', 'Pending', false],
    ['Completed', 'Cancelled', false],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canMoveStatus(from, to)).toBe(allowed);
  });

  it('never moves backwards along the forward chain, from any status', () => {
    const chain: OrderStatus[] = ['Pending', 'Confirmed', 'Processing', 'PartiallyShipped', 'Shipped', 'Completed'];
    for (const [i, from] of chain.entries())
      for (const to of chain.slice(0, i + 1)) expect(canMoveStatus(from, to)).toBe(false);
    for (const to of ORDER_STATUSES) expect(canMoveStatus('Cancelled', to)).toBe(false);
  });

  it('writes only a move forward', () => {
    expect(statusToWrite('Pending', 'Confirmed')).toBe('Confirmed');
    expect(statusToWrite('Shipped', 'Confirmed')).toBeUndefined();
    expect(statusToWrite('Confirmed', undefined)).toBeUndefined();
  });

  it('derives the shipping status from the outgoing pickings (cancelled backorders do not count)', () => {
    expect(shippingStatus([{ state: 'assigned' }])).toBeUndefined();
    expect(shippingStatus([{ state: 'done' }, { state: 'assigned' }])).toBe('PartiallyShipped');
    expect(shippingStatus([{ state: 'done' }, { state: 'done' }])).toBe('Shipped');
    expect(shippingStatus([{ state: 'done' }, { state: 'cancel' }])).toBe('Shipped');
  });

  it('maps Odoo sale order states', () => {
    expect(saleOrderStatus('draft')).toBe('Pending');
    expect(saleOrderStatus('sale')).toBe('Confirmed');
    expect(saleOrderStatus('cancel')).toBe('Cancelled');
    expect(saleOrderStatus('weird')).toBeUndefined();
  });
});
