// Sample events for compose, like `stripe trigger`. GitHub's are the real payloads from
// @octokit/webhooks-examples (loaded on first use: the file is 4 MB); the others are small
// hand-written templates, marked handWritten so the UI says so.
import type { Sample } from '../../src-preload/contract'

// Offered first, in this order (the ones a GitHub app handles most); every other event follows, by name.
const GITHUB_FIRST = ['ping', 'push', 'pull_request', 'issues', 'issue_comment', 'release', 'star', 'workflow_run', 'check_run']

const HAND_WRITTEN: Sample[] = [
  {
    id: 'stripe.payment_intent.succeeded',
    provider: 'stripe',
    eventType: 'payment_intent.succeeded',
    title: 'Stripe: payment_intent.succeeded',
    headers: [],
    handWritten: true,
    body: json({
      id: 'evt_{{uuid}}',
      object: 'event',
      api_version: '2024-06-20',
      created: 1700000000,
      type: 'payment_intent.succeeded',
      livemode: false,
      data: { object: { id: 'pi_3Nabc', object: 'payment_intent', amount: 2000, currency: 'usd', status: 'succeeded' } },
    }),
  },
  {
    id: 'stripe.invoice.paid',
    provider: 'stripe',
    eventType: 'invoice.paid',
    title: 'Stripe: invoice.paid',
    headers: [],
    handWritten: true,
    body: json({
      id: 'evt_{{uuid}}',
      object: 'event',
      type: 'invoice.paid',
      created: 1700000000,
      data: { object: { id: 'in_1Nabc', object: 'invoice', amount_paid: 4900, currency: 'eur', customer: 'cus_Nabc', status: 'paid' } },
    }),
  },
  {
    id: 'shopify.orders.create',
    provider: 'shopify',
    eventType: 'orders/create',
    title: 'Shopify: orders/create',
    headers: [
      ['X-Shopify-Topic', 'orders/create'],
      ['X-Shopify-Shop-Domain', 'example.myshopify.com'],
    ],
    handWritten: true,
    body: json({ id: 820982911946154500, email: 'jon@example.com', total_price: '199.00', currency: 'USD', line_items: [{ title: 'IPod Nano', quantity: 1 }] }),
  },
  {
    id: 'slack.event_callback',
    provider: 'slack',
    eventType: 'event_callback',
    title: 'Slack: app_mention event',
    headers: [],
    handWritten: true,
    body: json({
      token: 'verification-token',
      team_id: 'T123ABC',
      type: 'event_callback',
      event: { type: 'app_mention', user: 'U123', text: '<@U0LAN0Z89> hello', channel: 'C123', ts: '1700000000.000100' },
      event_id: 'Ev{{uuid}}',
      event_time: 1700000000,
    }),
  },
  {
    id: 'standard.user.created',
    provider: 'standard',
    eventType: 'user.created',
    title: 'Standard Webhooks: user.created',
    headers: [],
    handWritten: true,
    body: json({ type: 'user.created', timestamp: '{{now}}', data: { id: 'user_{{counter}}', email: 'ada@example.com' } }),
  },
]

function actionOf(example: object): string | null {
  const action = (example as { action?: unknown }).action
  return typeof action === 'string' ? action : null
}

/** The example a handler is most likely written for: a push to a branch with commits (the first is a tag push with none). */
function primaryExample(name: string, examples: readonly object[]): object | undefined {
  if (name === 'push') {
    const withCommits = examples.find((e) => {
      const p = e as { commits?: unknown[]; deleted?: boolean; ref?: string }
      return (p.commits?.length ?? 0) > 0 && !p.deleted && p.ref?.startsWith('refs/heads/')
    })
    if (withCommits) return withCommits
  }
  return examples[0]
}

function githubSample(name: string, example: object, id: string): Sample {
  const action = actionOf(example)
  return {
    id,
    provider: 'github',
    eventType: action !== null ? `${name}.${action}` : name,
    title: `GitHub: ${name}${action !== null ? ` (${action})` : ''}`,
    headers: [
      ['X-GitHub-Event', name],
      ['X-GitHub-Delivery', '{{uuid}}'],
      ['X-GitHub-Hook-ID', '123456789'],
    ],
    body: json(example),
    handWritten: false,
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

export function createSamples(): () => Promise<Sample[]> {
  let cached: Sample[] | null = null
  return async () => {
    if (cached) return cached
    // The package's main is a JSON file: plain Node needs the import attribute to load it.
    const examples = (await import('@octokit/webhooks-examples', { with: { type: 'json' } })).default
    const github: Sample[] = []
    const rank = (name: string) => (GITHUB_FIRST.includes(name) ? GITHUB_FIRST.indexOf(name) : GITHUB_FIRST.length)
    const defs = [...examples].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name))
    for (const def of defs) {
      const primary = primaryExample(def.name, def.examples)
      if (!primary) continue
      // github.<event>: its most typical payload; github.<event>.<action>: one per action it comes with.
      github.push(githubSample(def.name, primary, `github.${def.name}`))
      const byAction = new Map<string, object>()
      for (const e of def.examples) {
        const action = actionOf(e)
        if (action !== null && !byAction.has(action)) byAction.set(action, e)
      }
      if (byAction.size > 1) for (const [action, e] of byAction) github.push(githubSample(def.name, e, `github.${def.name}.${action}`))
    }
    cached = [...github, ...HAND_WRITTEN]
    return cached
  }
}
