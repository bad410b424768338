/**
 * The preload, bundled to one CommonJS file (dist/preload/preload.cjs): sandboxed preloads
 * cannot use ESM imports (Electron docs/tutorial/esm.md). It exposes the bridge and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../shared/bridge';
import { createBridge } from './create-bridge';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createBridge(ipcRenderer));
