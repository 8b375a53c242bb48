import {bindCredentialsForm} from './form.js';

bindCredentialsForm('signup', '/api/signup');
