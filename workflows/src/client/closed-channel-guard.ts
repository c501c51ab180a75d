import { InterceptingCall, type Interceptor, status } from '@grpc/grpc-js';

/** What `new InterceptingCall(next)` takes as the next call. */
type NextInterceptingCall = ConstructorParameters<typeof InterceptingCall>[0];

/**
 * The SDK's retry interceptor schedules each retry on a timer. When the connection is closed meanwhile (a process
 * stopping while Temporal is unreachable), the timer's new call throws "Channel has been shut down" outside any
 * promise, and the uncaught exception ends the process. Placed after the retry interceptor, this answers such a call
 * as cancelled instead, which the retry interceptor passes on to a caller that has long given up.
 */
export const closedChannelGuard: Interceptor = (options, nextCall) => {
  try {
    return new InterceptingCall(nextCall(options));
  } catch (err) {
    if (!(err instanceof Error && /channel has been shut down/i.test(err.message))) throw err;
    return new InterceptingCall(cancelledCall(err.message));
  }
};

function cancelledCall(details: string): NextInterceptingCall {
  const noop = () => undefined;
  return {
    start(metadata, listener) {
      // Asynchronously, as a real call would answer.
      setImmediate(() => listener?.onReceiveStatus?.({ code: status.CANCELLED, details, metadata }));
    },
    getAuthContext: () => null,
    cancelWithStatus: noop,
    getPeer: () => '',
    sendMessageWithContext: noop,
    sendMessage: noop,
    startRead: noop,
    halfClose: noop,
  };
}
