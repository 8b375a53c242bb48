import {bindCredentialsForm} from './form.js';

bindCredentialsForm('signin', '/api/signin');
