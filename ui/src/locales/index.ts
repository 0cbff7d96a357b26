/**
 * The message catalogs, one file per area and language. English is the source: its keys define
 * `MessageKey`, and each Traditional Chinese file is typed to carry exactly the same keys, so the
 * type check fails on a message missing from either language.
 */
import { messages as enCommon } from "./en/common";
import { messages as enDashboard } from "./en/dashboard";
import { messages as enMerchants } from "./en/merchants";
import { messages as enPolicy } from "./en/policy";
import { messages as enRegisters } from "./en/registers";
import { messages as enReports } from "./en/reports";
import { messages as enRequests } from "./en/requests";
import { messages as zhCommon } from "./zh-HK/common";
import { messages as zhDashboard } from "./zh-HK/dashboard";
import { messages as zhMerchants } from "./zh-HK/merchants";
import { messages as zhPolicy } from "./zh-HK/policy";
import { messages as zhRegisters } from "./zh-HK/registers";
import { messages as zhReports } from "./zh-HK/reports";
import { messages as zhRequests } from "./zh-HK/requests";

export const en = {
  ...enCommon,
  ...enDashboard,
  ...enMerchants,
  ...enPolicy,
  ...enRegisters,
  ...enReports,
  ...enRequests,
};

export type MessageKey = keyof typeof en;

export const zhHK: Record<MessageKey, string> = {
  ...zhCommon,
  ...zhDashboard,
  ...zhMerchants,
  ...zhPolicy,
  ...zhRegisters,
  ...zhReports,
  ...zhRequests,
};
