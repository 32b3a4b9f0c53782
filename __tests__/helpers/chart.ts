import { App, Chart } from 'cdk8s';

/**
 * A chart for construct tests. Unlike `Testing.chart()`, its app creates no temporary output
 * folder (cdk8s never removes those), and nothing here synthesizes to disk.
 */
export function testChart(): Chart {
  return new Chart(new App(), 'test');
}
