// Every model the sandbox holds, in one list.
import type { ModelSpec } from '../model-spec.ts';
import {
  accountJournal,
  accountMove,
  accountMoveLine,
  accountPayment,
  accountPaymentMethodLine,
  accountTax,
  accountTaxGroup,
} from './account.ts';
import { accountMoveReversal, accountPaymentRegister, saleAdvancePaymentInv } from './account-wizards.ts';
import { decimalPrecision, mailMessage, resCompany, resUsers, uomCategory, uomUom } from './base.ts';
import { deliveryCarrier } from './delivery.ts';
import { accountFiscalPosition } from './fiscal-position.ts';
import { resCountry, resCountryState, resCurrency, resCurrencyRate } from './geo-currency.ts';
import {
  baseAutomation,
  irActionsServer,
  irModel,
  irModelData,
  irModelFields,
  irModelFieldsSelection,
  irModuleModule,
} from './ir.ts';
import { resPartner } from './partner.ts';
import { resConfigSettings } from './settings.ts';
import { productCategory, productPricelist, productPricelistItem, productProduct, productTemplate } from './product.ts';
import { saleOrder, saleOrderCancel, saleOrderLine } from './sale.ts';
import {
  stockLocation,
  stockMove,
  stockPicking,
  stockPickingType,
  stockQuant,
  stockRoute,
  stockWarehouse,
} from './stock.ts';
import {
  confirmStockSms,
  stockBackorderConfirmation,
  stockBackorderConfirmationLine,
  stockImmediateTransfer,
  stockReturnPicking,
  stockReturnPickingLine,
} from './stock-wizards.ts';

export const ALL_MODELS: readonly ModelSpec[] = [
  decimalPrecision,
  resCompany,
  resUsers,
  uomCategory,
  uomUom,
  mailMessage,
  resCountry,
  resCountryState,
  resCurrency,
  resCurrencyRate,
  resPartner,
  productCategory,
  productTemplate,
  productProduct,
  productPricelist,
  productPricelistItem,
  stockWarehouse,
  stockLocation,
  stockPickingType,
  stockRoute,
  stockQuant,
  stockPicking,
  stockMove,
  stockBackorderConfirmation,
  stockBackorderConfirmationLine,
  stockImmediateTransfer,
  confirmStockSms,
  stockReturnPicking,
  stockReturnPickingLine,
  saleOrder,
  saleOrderLine,
  saleOrderCancel,
  accountTaxGroup,
  accountTax,
  accountFiscalPosition,
  accountJournal,
  accountPaymentMethodLine,
  accountMove,
  accountMoveLine,
  accountPayment,
  saleAdvancePaymentInv,
  accountPaymentRegister,
  accountMoveReversal,
  deliveryCarrier,
  irModel,
  irModelFields,
  irModelFieldsSelection,
  irModelData,
  irActionsServer,
  baseAutomation,
  irModuleModule,
  resConfigSettings,
];
