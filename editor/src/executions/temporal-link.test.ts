import { describe, expect, it } from 'vitest';
import { temporalWorkflowUrl } from './temporal-link';

describe('temporalWorkflowUrl', () => {
  it("links to the workflow's history in the Temporal UI the API names", () => {
    expect(
      temporalWorkflowUrl({ temporalUiUrl: 'http://localhost:8233/', temporalNamespace: 'default' }, 'event-1', 'run 1')
    ).toBe('http://localhost:8233/namespaces/default/workflows/event-1/run%201/history');
    expect(
      temporalWorkflowUrl({ temporalUiUrl: 'https://temporal.example', temporalNamespace: 'prod' }, 'event-1', null)
    ).toBe('https://temporal.example/namespaces/prod/workflows/event-1/history');
  });

  it('offers no link without an http(s) address', () => {
    expect(temporalWorkflowUrl(null, 'event-1', null)).toBeNull();
    expect(temporalWorkflowUrl({ temporalNamespace: 'default' }, 'event-1', null)).toBeNull();
    expect(
      temporalWorkflowUrl({ temporalUiUrl: 'javascript:alert(1)', temporalNamespace: 'default' }, 'event-1', null)
    ).toBeNull();
    expect(
      temporalWorkflowUrl({ temporalUiUrl: 'data:text/html,x', temporalNamespace: 'default' }, 'event-1', null)
    ).toBeNull();
    expect(
      temporalWorkflowUrl({ temporalUiUrl: 'not a url', temporalNamespace: 'default' }, 'event-1', null)
    ).toBeNull();
  });
});
