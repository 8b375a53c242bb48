// The devices page: access keys (create: the secret shown once, with ready-to-paste client settings; revoke).
import {api} from './api.js';
import {signedIn, start} from './nav.js';

let where = {endpoint: '', region: ''};

function settings(id, secret) {
  const {endpoint, region} = where;
  const host = endpoint.replace(/^https?:\/\//, '');
  const https = endpoint.startsWith('https://');
  return {
    rclone: ['[coffer]', 'type = s3', 'provider = Other', 'access_key_id = ' + id, 'secret_access_key = ' + secret,
      'endpoint = ' + endpoint, 'region = ' + region, 'force_path_style = true'].join('\n'),
    aws: ['aws configure set aws_access_key_id ' + id + ' --profile coffer',
      'aws configure set aws_secret_access_key ' + secret + ' --profile coffer',
      'aws configure set region ' + region + ' --profile coffer',
      'aws configure set endpoint_url ' + endpoint + ' --profile coffer',
      'aws configure set s3.addressing_style path --profile coffer'].join('\n'),
    s3cmd: ['[default]', 'access_key = ' + id, 'secret_key = ' + secret, 'host_base = ' + host,
      'host_bucket = ' + host, 'bucket_location = ' + region, 'use_https = ' + (https ? 'True' : 'False'),
      'signature_v2 = False'].join('\n'),
    java: ['S3Client s3 = S3Client.builder()',
      '        .endpointOverride(URI.create("' + endpoint + '"))',
      '        .region(Region.of("' + region + '"))',
      '        .forcePathStyle(true)',
      '        .credentialsProvider(StaticCredentialsProvider.create(',
      '                AwsBasicCredentials.create("' + id + '", "' + secret + '")))',
      '        .build();'].join('\n'),
  };
}

async function load() {
  await signedIn();
  const data = await api('GET', '/api/keys');
  where = {endpoint: data.endpoint, region: data.region};
  document.getElementById('endpoint').textContent = data.endpoint;
  document.getElementById('region').textContent = data.region;
  const list = document.getElementById('keys');
  list.replaceChildren(...data.keys.map((key) => {
    const li = document.createElement('li');
    li.className = 'row';
    li.dataset.testid = 'key-row';
    li.dataset.key = key.accessKeyId;
    const text = document.createElement('span');
    const id = document.createElement('code');
    id.textContent = key.accessKeyId;
    const created = document.createElement('span');
    created.className = 'size';
    created.textContent = ' made ' + new Date(key.created).toLocaleString();
    text.append(id, created);
    const revoke = document.createElement('button');
    revoke.type = 'button';
    revoke.className = 'danger';
    revoke.textContent = 'Revoke';
    revoke.setAttribute('aria-label', 'Revoke access key ' + key.accessKeyId);
    revoke.dataset.testid = 'key-revoke';
    revoke.addEventListener('click', async () => {
      revoke.disabled = true;
      await api('DELETE', '/api/keys/' + encodeURIComponent(key.accessKeyId));
      document.getElementById('new-key').hidden = true;
      await load();
    });
    li.append(text, revoke);
    return li;
  }));
}

document.getElementById('key-create').addEventListener('click', async (event) => {
  const button = event.target;
  button.disabled = true;
  const error = document.getElementById('error');
  error.hidden = true;
  try {
    const key = await api('POST', '/api/keys');
    where = {endpoint: key.endpoint, region: key.region};
    document.getElementById('key-id').textContent = key.accessKeyId;
    document.getElementById('key-secret').textContent = key.secretKey;
    const s = settings(key.accessKeyId, key.secretKey);
    for (const name of ['rclone', 'aws', 's3cmd', 'java']) {
      document.getElementById('settings-' + name).textContent = s[name];
    }
    document.getElementById('new-key').hidden = false;
    await load();
    document.getElementById('new-key-title').scrollIntoView();
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
});

start(load);
