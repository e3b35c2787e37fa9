// Every page's header: "Sign in", or the signed-in user's name linking to their account.
import { getSession } from './account-api.js';

const link = document.getElementById('account-link');
if (link !== null) {
  getSession().then((session) => {
    if (session.signed_in && session.user !== null) {
      link.textContent = session.user.name;
      link.setAttribute('href', '/account');
      link.setAttribute('aria-label', `${session.user.name} (your account)`);
    }
  }, () => undefined);
}
