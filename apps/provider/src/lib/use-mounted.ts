import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** False during server rendering and hydration, true after: for output that depends on the browser (time zone, clock). */
export const useMounted = () => useSyncExternalStore(subscribe, () => true, () => false);
