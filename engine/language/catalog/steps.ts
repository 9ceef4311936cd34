// Every step type of the language in one list (spec §10), in the order the docs list them,
// followed by the observed `:time` and the deprecated `:code` alias.

import type { StepTypeSpec } from './types';
import { httpStep } from './steps-http';
import { agentStep, breytaStep, llmStep } from './steps-ai';
import { codeStep, functionStep, kvStep, notifyStep, sleepStep, timeStep, waitStep } from './steps-control';
import { dbStep, fanoutStep, filesStep, jobStep, searchStep, sshStep, tableStep } from './steps-data';

export const steps: StepTypeSpec[] = [
  httpStep,
  llmStep,
  agentStep,
  breytaStep,
  dbStep,
  waitStep,
  functionStep,
  jobStep,
  notifyStep,
  kvStep,
  tableStep,
  filesStep,
  sleepStep,
  sshStep,
  fanoutStep,
  searchStep,
  timeStep,
  codeStep,
];
