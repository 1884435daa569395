/**
 * Lambda managed-runtime deprecation dates, from the "Lambda runtimes" page of the AWS Lambda
 * Developer Guide (checked 2026-09; AWS sometimes moves block dates later). `blockCreate` and
 * `blockUpdate` are left out where AWS had not published them.
 */
export interface RuntimeDeprecation {
  readonly deprecated: string
  readonly blockCreate?: string
  readonly blockUpdate?: string
  readonly upgradeTo: string
}

export const RUNTIME_DEPRECATIONS: Readonly<Record<string, RuntimeDeprecation>> = {
  nodejs: {
    deprecated: '2016-10-31',
    blockCreate: '2016-10-31',
    blockUpdate: '2016-10-31',
    upgradeTo: 'nodejs22.x',
  },
  'nodejs4.3': {
    deprecated: '2020-03-05',
    blockCreate: '2020-03-05',
    blockUpdate: '2020-03-05',
    upgradeTo: 'nodejs22.x',
  },
  'nodejs6.10': {
    deprecated: '2019-08-12',
    blockCreate: '2019-08-12',
    blockUpdate: '2019-08-12',
    upgradeTo: 'nodejs22.x',
  },
  'nodejs8.10': {
    deprecated: '2020-03-06',
    blockCreate: '2020-03-06',
    blockUpdate: '2020-03-06',
    upgradeTo: 'nodejs22.x',
  },
  'nodejs10.x': {
    deprecated: '2021-07-30',
    blockCreate: '2021-07-30',
    blockUpdate: '2022-02-14',
    upgradeTo: 'nodejs22.x',
  },
  'nodejs12.x': {
    deprecated: '2023-03-31',
    blockCreate: '2023-03-31',
    blockUpdate: '2023-04-30',
    upgradeTo: 'nodejs22.x',
  },
  'nodejs14.x': {
    deprecated: '2023-12-04',
    blockCreate: '2024-01-09',
    blockUpdate: '2024-02-08',
    upgradeTo: 'nodejs22.x',
  },
  'nodejs16.x': {
    deprecated: '2024-06-12',
    blockCreate: '2025-09-01',
    blockUpdate: '2025-10-01',
    upgradeTo: 'nodejs22.x',
  },
  'nodejs18.x': {
    deprecated: '2025-09-01',
    blockCreate: '2026-03-09',
    blockUpdate: '2026-04-09',
    upgradeTo: 'nodejs22.x',
  },
  'nodejs20.x': {
    deprecated: '2026-04-30',
    blockCreate: '2026-06-01',
    blockUpdate: '2026-07-01',
    upgradeTo: 'nodejs24.x',
  },
  'nodejs22.x': {
    deprecated: '2027-04-30',
    blockCreate: '2027-06-01',
    blockUpdate: '2027-07-01',
    upgradeTo: 'nodejs24.x',
  },
  'nodejs24.x': { deprecated: '2028-04-30', upgradeTo: 'a newer nodejs runtime' },
  'python2.7': {
    deprecated: '2021-07-15',
    blockCreate: '2021-07-15',
    blockUpdate: '2022-05-30',
    upgradeTo: 'python3.13',
  },
  'python3.6': {
    deprecated: '2022-07-18',
    blockCreate: '2022-07-18',
    blockUpdate: '2022-08-29',
    upgradeTo: 'python3.13',
  },
  'python3.7': {
    deprecated: '2023-12-04',
    blockCreate: '2024-01-09',
    blockUpdate: '2024-02-08',
    upgradeTo: 'python3.13',
  },
  'python3.8': {
    deprecated: '2024-10-14',
    blockCreate: '2025-09-01',
    blockUpdate: '2025-10-01',
    upgradeTo: 'python3.13',
  },
  'python3.9': {
    deprecated: '2025-12-15',
    blockCreate: '2027-02-01',
    blockUpdate: '2027-03-03',
    upgradeTo: 'python3.13',
  },
  'python3.10': { deprecated: '2026-10-31', upgradeTo: 'python3.13' },
  'python3.11': { deprecated: '2027-06-30', upgradeTo: 'python3.13' },
  'python3.12': { deprecated: '2028-10-31', upgradeTo: 'python3.14' },
  'ruby2.5': {
    deprecated: '2021-07-30',
    blockCreate: '2021-07-30',
    blockUpdate: '2022-03-31',
    upgradeTo: 'ruby3.4',
  },
  'ruby2.7': {
    deprecated: '2023-12-07',
    blockCreate: '2024-01-09',
    blockUpdate: '2024-02-08',
    upgradeTo: 'ruby3.4',
  },
  'ruby3.2': { deprecated: '2026-03-31', upgradeTo: 'ruby3.4' },
  'ruby3.3': { deprecated: '2027-03-31', upgradeTo: 'ruby3.4' },
  java8: {
    deprecated: '2024-01-08',
    blockCreate: '2024-02-08',
    blockUpdate: '2024-03-12',
    upgradeTo: 'java21',
  },
  'java8.al2': { deprecated: '2026-06-30', upgradeTo: 'java21' },
  'go1.x': {
    deprecated: '2024-01-08',
    blockCreate: '2024-02-08',
    blockUpdate: '2024-03-12',
    upgradeTo: 'provided.al2023',
  },
  provided: {
    deprecated: '2024-01-08',
    blockCreate: '2024-02-08',
    blockUpdate: '2024-03-12',
    upgradeTo: 'provided.al2023',
  },
  'provided.al2': { deprecated: '2026-06-30', upgradeTo: 'provided.al2023' },
  'dotnetcore1.0': {
    deprecated: '2019-07-30',
    blockCreate: '2019-07-30',
    blockUpdate: '2019-07-30',
    upgradeTo: 'dotnet8',
  },
  'dotnetcore2.0': {
    deprecated: '2019-05-30',
    blockCreate: '2019-05-30',
    blockUpdate: '2019-05-30',
    upgradeTo: 'dotnet8',
  },
  'dotnetcore2.1': {
    deprecated: '2022-01-05',
    blockCreate: '2022-01-05',
    blockUpdate: '2022-04-13',
    upgradeTo: 'dotnet8',
  },
  'dotnetcore3.1': {
    deprecated: '2023-04-03',
    blockCreate: '2023-04-03',
    blockUpdate: '2023-05-03',
    upgradeTo: 'dotnet8',
  },
  'dotnet5.0': {
    deprecated: '2022-05-10',
    blockCreate: '2022-05-10',
    blockUpdate: '2022-06-08',
    upgradeTo: 'dotnet8',
  },
  dotnet6: {
    deprecated: '2024-12-20',
    blockCreate: '2025-02-28',
    blockUpdate: '2025-03-31',
    upgradeTo: 'dotnet8',
  },
  dotnet7: {
    deprecated: '2024-05-14',
    blockCreate: '2024-05-14',
    blockUpdate: '2024-05-14',
    upgradeTo: 'dotnet8',
  },
  dotnet8: { deprecated: '2026-11-10', upgradeTo: 'dotnet10' },
}

/** How long before a deprecation the auditor starts warning. */
export const WARN_BEFORE_DAYS = 180
