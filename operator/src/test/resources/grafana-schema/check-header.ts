// Checks a generated dashboard against Grafana's published dashboard schema (the TypeScript types of @grafana/schema);
// GrafanaSchemaTest appends the dashboard JSON after the last line.
import type * as G from './node_modules/@grafana/schema/dist/types/raw/dashboard/x/types.gen';
import type { DataQuery } from './node_modules/@grafana/schema/dist/types/common/common.gen';

// JSON has no enums: where the schema has an enum, the JSON holds one of its string values.
type Json<T> = T extends string ? `${T}`
    : T extends number | boolean | null | undefined ? T
    : T extends Array<infer U> ? Array<Json<U>>
    : T extends object ? { [K in keyof T]: Json<T[K]> }
    : T;

// What Grafana's Prometheus data source keeps in a query, which the dashboard schema leaves to the data source.
interface PrometheusQuery extends DataQuery {
    expr: string;
    legendFormat?: string;
    range?: boolean;
    instant?: boolean;
    interval?: string;
}
type Panel = Omit<G.Panel, 'targets'> & { targets?: PrometheusQuery[] };
// A Prometheus annotation: its query in target, its title and text formats beside it.
type Annotation = Omit<G.AnnotationQuery, 'target'> & { target?: PrometheusQuery; titleFormat?: string; textFormat?: string };
type Dashboard = Omit<G.Dashboard, 'panels' | 'annotations'> & {
    panels?: Array<Json<Panel> | Json<G.RowPanel>>;
    annotations?: { list?: Array<Json<Annotation>> };
};

export const dashboard: Json<Dashboard> =
