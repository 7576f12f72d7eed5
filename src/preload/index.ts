import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_EXPORT, IPC_EXPORT_CANCEL, IPC_INVOKE, IPC_TAIL_START, IPC_TAIL_STOP, type Bridge } from '../shared/api/bridge';
import type { AppEvent } from '../shared/api/events';

/**
 * The whole preload: `window.mc` with one invoke and one event subscription (plus the log
 * tail and export channels, each a fixed channel name with plain data). It runs sandboxed,
 * so it is bundled to a single CommonJS file and imports nothing at run time but `electron` and
 * the two channel names. The IpcRendererEvent never reaches the page: it carries `sender`, which
 * would hand the page the raw ipcRenderer.
 */
const bridge = {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke(IPC_INVOKE, method, input),
  onEvent: (listener: (event: AppEvent) => void) => {
    const handler = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
  tailStart: (fields: unknown) => ipcRenderer.invoke(IPC_TAIL_START, fields),
  tailStop: (subscription: number) => ipcRenderer.invoke(IPC_TAIL_STOP, subscription),
  exportLogs: (exportId: string, query: unknown) => ipcRenderer.invoke(IPC_EXPORT, exportId, query),
  exportCancel: (exportId: string) => ipcRenderer.invoke(IPC_EXPORT_CANCEL, exportId),
} satisfies Bridge;

contextBridge.exposeInMainWorld('mc', bridge);
