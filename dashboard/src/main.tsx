/** Entry point of the dashboard bundle. */
import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

const root = document.getElementById('app');
if (root === null) throw new Error('the page has no #app element');
render(<App />, root);
