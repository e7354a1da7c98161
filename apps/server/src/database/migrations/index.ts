/** Migrations in the order they apply; `npm run migration:generate -- <Name>` adds one. */
import { InitialIdentity1795867613517 } from './1795867613517-InitialIdentity';
import { Inbox1795868660974 } from './1795868660974-Inbox';
import { Analytics1795869562202 } from './1795869562202-Analytics';
import { ProcedureRecords1795870860337 } from './1795870860337-ProcedureRecords';
import { ProcessDefinitionXml1795877529161 } from './1795877529161-ProcessDefinitionXml';
import { AnalyticsRollups1795877775444 } from './1795877775444-AnalyticsRollups';
import { CommitteeReports1795877971101 } from './1795877971101-CommitteeReports';
import { CandidateObjections1795878061271 } from './1795878061271-CandidateObjections';
import { AnalyticsBreachRollups1795879000000 } from './1795879000000-AnalyticsBreachRollups';
import { DemoInstanceProgress1795886835731 } from './1795886835731-DemoInstanceProgress';
import { BootDeployments1795889274427 } from './1795889274427-BootDeployments';
import { AnalyticsRollupInstanceIndex1795890000000 } from './1795890000000-AnalyticsRollupInstanceIndex';

export const MIGRATIONS: readonly (new () => object)[] = [
  InitialIdentity1795867613517,
  Inbox1795868660974,
  Analytics1795869562202,
  ProcedureRecords1795870860337,
  ProcessDefinitionXml1795877529161,
  AnalyticsRollups1795877775444,
  CommitteeReports1795877971101,
  CandidateObjections1795878061271,
  AnalyticsBreachRollups1795879000000,
  DemoInstanceProgress1795886835731,
  BootDeployments1795889274427,
  AnalyticsRollupInstanceIndex1795890000000,
];
