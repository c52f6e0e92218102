import { mount } from 'svelte';
// Bundled locally (no network): Noto Sans covers every Vietnamese letter.
// One variable font file per script covers every weight: fewer files to load and decode at
// start than a file per weight.
import '@fontsource-variable/noto-sans/wght.css';
import '@fontsource-variable/noto-sans/wght-italic.css';
import './app.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

export default mount(App, { target });
