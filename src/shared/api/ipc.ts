/** The IPC channel on which main pushes contract events to the preload (requests use their own names). */
export const EVENT_IPC_CHANNEL = 'udw:event';
