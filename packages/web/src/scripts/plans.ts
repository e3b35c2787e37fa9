// /plans: this server's tiers from GET /api/plans, and how to get a higher one here.
import { call, el, explain } from './account-api.js';
import { $, showError } from './dom.js';

interface Plans {
  tiers: { name: string; creates: number; period: 'day' | 'month'; expiries: number[]; max_secret_bytes: number; callbacks: boolean; who: string }[];
  signup: 'invite' | 'open' | 'closed';
  upgrade: string;
}

/** "5 min", "1 h", "7 d": the table stays readable with seven of them. */
const short = (minutes: number) => (minutes % 1440 === 0 ? `${minutes / 1440} d` : minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);
const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${+(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`);

void (async () => {
  try {
    const plans = await call<Plans>('/api/plans');
    $('tiers').replaceChildren(...plans.tiers.map((t) => {
      const tr = el('tr');
      const name = el('th', t.name);
      name.scope = 'row';
      tr.append(name, el('td', `${t.creates.toLocaleString()} a ${t.period}`), el('td', t.expiries.map(short).join(', ')),
        el('td', size(t.max_secret_bytes)), el('td', t.callbacks ? 'yes' : 'no'), el('td', t.who));
      return tr;
    }));
    $('upgrade').textContent = plans.upgrade;
    const signup = $('signup');
    signup.textContent = plans.signup === 'open' ? 'Anyone may create an account: ' : plans.signup === 'invite' ? 'Accounts are by invite from an admin. Already invited? ' : 'This server takes no new accounts. ';
    if (plans.signup !== 'closed') {
      const link = el('a', 'Sign in or sign up');
      link.href = '/signin';
      signup.append(link, '.');
    }
  } catch (error) {
    showError(explain(error));
  }
})();
