import { Counter, Gauge, type Registry } from 'prom-client';

/** How one POST ended: acknowledged with a 2xx, answered otherwise, no answer in time, no connection. */
export type DeliveryOutcome = 'delivered' | 'rejected' | 'timeout' | 'unreachable';

const deliveryOutcomes: DeliveryOutcome[] = ['delivered', 'rejected', 'timeout', 'unreachable'];

export interface WebhookMetrics {
  countDelivery(endpoint: string, outcome: DeliveryOutcome): void;
  setFailing(endpoint: string, failing: boolean): void;
  setLag(endpoint: string, changes: number): void;
}

/**
 * The webhook series, in the app's registry (the one /metrics serves), labelled by endpoint (its URL
 * without credentials). Every series exists from the start, at 0: an alert on a series that appears
 * late misses its first step.
 */
export function createWebhookMetrics(registry: Registry, endpoints: string[]): WebhookMetrics {
  const registers = [registry];
  const deliveries = new Counter({
    name: 'webhook_deliveries_total',
    help: 'Webhook POSTs, by endpoint and outcome (delivered, rejected, timeout, unreachable)',
    labelNames: ['endpoint', 'outcome'],
    registers,
  });
  const failing = new Gauge({
    name: 'webhook_endpoint_failing',
    help: '1 while an endpoint has failed for longer than WEBHOOK_ALERT_AFTER_SECONDS, else 0',
    labelNames: ['endpoint'],
    registers,
  });
  const lag = new Gauge({
    name: 'webhook_lag_changes',
    help: 'Changes committed but not yet acknowledged by an endpoint (sequence numbers behind the newest)',
    labelNames: ['endpoint'],
    registers,
  });
  for (const endpoint of endpoints) {
    for (const outcome of deliveryOutcomes) deliveries.inc({ endpoint, outcome }, 0);
    failing.set({ endpoint }, 0);
    lag.set({ endpoint }, 0);
  }
  return {
    countDelivery: (endpoint, outcome) => deliveries.inc({ endpoint, outcome }),
    setFailing: (endpoint, isFailing) => failing.set({ endpoint }, isFailing ? 1 : 0),
    setLag: (endpoint, changes) => lag.set({ endpoint }, changes),
  };
}
