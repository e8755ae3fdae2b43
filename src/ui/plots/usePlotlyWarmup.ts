// Loads the page's plotly bundle while the page is idle before Run, warms up its drawing code and, on a page with 3-D plots, prepares a 3-D scene in a later idle moment.
import { useEffect } from 'react';
import { loadPlotly, type PlotlyBundle } from './loadPlotly';
import { prepare3dScene, want3dScenes } from './prepared3dScene';
import { warmUpPlotly } from './plotlyWarmup';
import { whenIdle } from '../scheduling';
import type { SceneFrame } from '../../experiments/framework/sceneFrame';

/**
 * Plotly is one large module whose evaluation blocks the main thread, its first draws run code it has not compiled
 * yet, and a 3-D scene's WebGL setup blocks the main thread again: all three happen in idle moments before the user
 * presses Run, each draw a task of its own (the app bench reports plotly's evaluation and the scene's preparation apart,
 * and counts the warm-up draws with the page's opening). The warm-up draws (plotlyWarmup)
 * stop when a run starts and go on at the next idle spell. The scene is prepared only while the page shows no plots
 * yet: later runs reuse the scene their predecessor's plot gives back (recycle3dScene). A run that starts first
 * loads plotly at once and skips the rest: its plots make their own. The kept scene is thrown away when the page closes.
 * On webgpu the draws also wait while the worker compiles the page's pipelines (runner/pageWarmup.ts): a software
 * GPU compiles them on the same cores, and a warm-up draw during the compile took up to 116 ms, against at most
 * 75 ms on the cpu backend, in the same app bench pass (with the wait, 68 ms on webgpu in a later pass). plotly itself
 * still loads meanwhile.
 * @param bundle the page's plotly bundle
 * @param plots3d whether the page draws 3-D plots (ExperimentMeta.plots3d)
 * @param runActive whether a run is streaming now
 * @param noPlotsYet whether the page shows no plots (before its first run)
 * @param pipelinesCompiling whether the page's pipelines are still to be compiled, or being compiled (pipelinesPending)
 * @param sceneFrame the box the page's 3-D plots draw in for its config now (ExperimentMeta.sceneFrame), or null
 */
export function usePlotlyWarmup(bundle: PlotlyBundle, plots3d: boolean, runActive: boolean, noPlotsYet: boolean, pipelinesCompiling = false, sceneFrame: SceneFrame | null = null): void {
  const prepareScene = plots3d && noPlotsYet;
  // the frame by value: the page builds a new object on each render
  const frameKey = JSON.stringify(sceneFrame);
  useEffect(() => {
    if (runActive) {
      void loadPlotly(bundle).catch(() => undefined);
      return;
    }
    const stop = new AbortController();
    let cancel = whenIdle(() => {
      loadPlotly(bundle).then(
        // while the pipelines compile plotly only loads: this effect runs again, and draws, once they are compiled
        (plotly) => {
          if (pipelinesCompiling) return;
          void warmUpPlotly(plotly, bundle, stop.signal).then(() => {
            if (stop.signal.aborted || !prepareScene) return;
            cancel = whenIdle(() => void prepare3dScene(plotly, JSON.parse(frameKey) as SceneFrame | null), 4000);
          });
        },
        () => undefined,
      );
    }, 4000);
    return () => {
      stop.abort();
      cancel();
    };
  }, [bundle, prepareScene, runActive, pipelinesCompiling, frameKey]);
  useEffect(() => {
    if (!plots3d) return;
    want3dScenes(true);
    return () => want3dScenes(false);
  }, [plots3d]);
}
