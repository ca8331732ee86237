// The few blessed-contrib widgets we use, loaded one file each (the package's index pulls in
// maps, images and markdown, ~130 ms of start-up we do not need). Typed here: there are no
// published types for blessed-contrib.
import { createRequire } from 'node:module';
import type { Widgets } from 'blessed';

const require = createRequire(import.meta.url);

type ContribOptions = Widgets.BoxOptions & Record<string, unknown>;

export interface GaugeWidget extends Widgets.BoxElement {
  setPercent(percent: number): void;
}

export interface BarWidget extends Widgets.BoxElement {
  setData(data: { titles: string[]; data: number[] }): void;
}

export interface StackedBarWidget extends Widgets.BoxElement {
  setData(data: { barCategory: string[]; stackedCategory: string[]; data: number[][] }): void;
}

export interface DonutWidget extends Widgets.BoxElement {
  setData(data: { percent: number | string; label: string; color: string }[]): void;
}

type Constructor<T> = new (options: ContribOptions) => T;

/**
 * contrib canvases create their drawing context on 'attach', but blessed emits 'attach' inside
 * the constructor when `parent` is passed, before contrib listens. So attach afterwards.
 */
function attached<T extends Widgets.BoxElement>(Widget: Constructor<T>, options: ContribOptions): T {
  const { parent, ...rest } = options;
  const widget = new Widget(rest);
  parent?.append(widget);
  return widget;
}

export function createGauge(options: ContribOptions): GaugeWidget {
  const Gauge = require('blessed-contrib/lib/widget/gauge.js') as Constructor<GaugeWidget>;
  return attached(Gauge, options);
}

export function createBar(options: ContribOptions): BarWidget {
  const Bar = require('blessed-contrib/lib/widget/charts/bar.js') as Constructor<BarWidget>;
  return attached(Bar, options);
}

export function createStackedBar(options: ContribOptions): StackedBarWidget {
  const StackedBar = require('blessed-contrib/lib/widget/charts/stacked-bar.js') as Constructor<StackedBarWidget>;
  return attached(StackedBar, options);
}

export function createDonut(options: ContribOptions): DonutWidget {
  const Donut = require('blessed-contrib/lib/widget/donut.js') as Constructor<DonutWidget>;
  return attached(Donut, options);
}
